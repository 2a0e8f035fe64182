package servesim.formats.profile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Profiles whose lookup value is another column: the same rows with {@code median_us} replaced, so the
 * interpolation machinery answers for that column (p10 latency for noise-robust checks, measured power).
 */
public final class ProfileViews {
    private ProfileViews() {
    }

    /**
     * The rows of {@code ops} with their median replaced by {@code value(row)}; rows where it is null are dropped.
     * Auxiliary rows are dropped.
     */
    public static Profile withValue(Profile p, Function<ProfileRow, Double> value) {
        List<ProfileRow> rows = new ArrayList<>();
        for (ProfileRow r : p.rows()) {
            Double v = value.apply(r);
            if (v != null && !Double.isNaN(v) && servesim.models.Operator.byName(r.op()) != null) {
                LatencyStats l = r.latency();
                rows.add(new ProfileRow(r.op(), r.keys(), new LatencyStats(v, l.meanUs(), l.stdUs(), l.p10Us(),
                        l.p90Us(), l.samples()), r.powerW(), r.energyUj(), r.label(), r.skew()));
            }
        }
        return new Profile(p.metadata(), rows);
    }

    /** The p10 latency in place of the median (rows without a p10 keep their median). */
    public static Profile p10(Profile p) {
        return withValue(p, r -> r.latency().p10Us() != null ? r.latency().p10Us() : r.latency().medianUs());
    }

    /** Measured power in place of latency, or null unless every operator row carries {@code power_w}. */
    public static Profile power(Profile p) {
        boolean all = p.rows().stream().filter(r -> servesim.models.Operator.byName(r.op()) != null)
                .allMatch(r -> r.powerW() != null);
        return all && !p.rows().isEmpty() ? withValue(p, ProfileRow::powerW) : null;
    }
}
