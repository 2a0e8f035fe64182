package servesim.formats.profile.lookup;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;
import servesim.models.OpKey;
import servesim.models.Operator;

/**
 * Compares a candidate profile with a reference at the reference's own measured points: for every reference row
 * of a canonical operator, the candidate's interpolated latency divided by the reference latency. Used to judge
 * analytical estimates against measurements and a profiler's held-out points against its grid.
 */
public final class ProfileComparison {
    /**
     * Ratio statistics of one operator, or of one kind of its rows ({@code part}: attention's {@code prefill},
     * {@code decode} and {@code mixed} rows, whose sources often disagree differently; empty otherwise).
     */
    public record OpRatios(Operator op, String part, int points, double geomeanRatio, double medianRatio,
                           double p10Ratio, double p90Ratio) {
        /** {@code op} or {@code op/part}. */
        public String name() {
            return part.isEmpty() ? op.opName() : op.opName() + "/" + part;
        }
    }

    private ProfileComparison() {
    }

    /**
     * Per-operator ratios candidate / reference, in the reference's operator order; attention split into its
     * prefill-only, decode-only and mixed rows.
     */
    public static List<OpRatios> compare(Profile reference, ProfileLookup candidate) {
        Map<Map.Entry<Operator, String>, List<Double>> ratios = new LinkedHashMap<>();
        for (ProfileRow r : reference.rows()) {
            Operator op = Operator.byName(r.op());
            if (op == null || !candidate.has(op) || !(r.latency().medianUs() > 0)) {
                continue;
            }
            double est = candidate.latencyUs(op, key(r.keys()));
            ratios.computeIfAbsent(Map.entry(op, part(op, r.keys())), k -> new ArrayList<>())
                    .add(est / r.latency().medianUs());
        }
        List<OpRatios> out = new ArrayList<>();
        ratios.forEach((k, l) -> {
            double[] a = l.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double logSum = Arrays.stream(a).map(Math::log).sum();
            out.add(new OpRatios(k.getKey(), k.getValue(), a.length, Math.exp(logSum / a.length), quantile(a, 0.5),
                    quantile(a, 0.1), quantile(a, 0.9)));
        });
        return out;
    }

    private static String part(Operator op, RowKeys k) {
        if (op != Operator.ATTENTION) {
            return "";
        }
        return z(k.decodeSeqs()) == 0 ? "prefill" : z(k.prefillTokens()) == 0 ? "decode" : "mixed";
    }

    static OpKey key(RowKeys k) {
        return new OpKey(z(k.tokens()), z(k.sequences()), z(k.prefillTokens()), z(k.kvPrefill()),
                z(k.decodeSeqs()), z(k.kvDecode()), z(k.activeExperts()), z(k.bytes()));
    }

    private static long z(Long v) {
        return v == null ? 0 : v;
    }

    /** Linear-interpolated quantile of a sorted array. */
    static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
    }
}
