package servesim.formats.profile.lookup;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileColumn;
import servesim.formats.profile.ProfileRow;
import servesim.models.OpFamily;
import servesim.models.OpKey;
import servesim.models.Operator;

/**
 * A profile compiled for lookups: "latency of operator X at key K" in microseconds.
 *
 * <p>Each operator's rows become a grid (see {@link GridTable}) with the interpolation its family needs: 1-D over
 * tokens, sequences or bytes; 2-D over (tokens, active experts) for MoE; piecewise-linear 4-D for attention (see
 * {@link AttentionTable}). An operator the profile lacks is a {@link ProfileLookupException} naming it, the
 * profile and the operators it has; it never returns zero. Operator aliases declared in the metadata (for
 * sources that time one kernel for two canonical operators) resolve to their target's rows.
 */
public final class ProfileLookup {
    /** Auxiliary row sets that are not operators; kept in the file, used by specific corrections. */
    public static final Set<String> AUXILIARY_OPS = Set.of("attention_skew", "attention_skew_fit");

    private final String description;
    private final Map<Operator, OperatorTable> tables = new EnumMap<>(Operator.class);
    private final LookupWarnings warnings;
    private final long[] oneAxis = new long[1];
    private final long[] twoAxes = new long[2];
    private final long[] fourAxes = new long[4];

    private ProfileLookup(String description, LookupWarnings warnings) {
        this.description = description;
        this.warnings = warnings;
    }

    /** Compiles {@code profile}; {@code source} names it in messages (its file). */
    public static ProfileLookup compile(Profile profile, String source, LookupWarnings warnings) {
        ProfileLookup l = new ProfileLookup(source + " (" + profile.metadata().device() + ", "
                + profile.metadata().model() + ", tp" + profile.metadata().tp() + ")", warnings);
        Map<String, List<ProfileRow>> byOp = profile.rowsByOp();
        for (Map.Entry<String, List<ProfileRow>> e : byOp.entrySet()) {
            if (AUXILIARY_OPS.contains(e.getKey())) {
                continue;
            }
            Operator op = Operator.byName(e.getKey());
            if (op == null) {
                throw new ProfileLookupException(source + ": unknown operator '" + e.getKey() + "' in the profile; "
                        + "known operators are " + Operator.knownNames() + ".");
            }
            OperatorTable t = table(op, e.getValue(), AttentionRules.MIXED_SUM.equals(
                    profile.metadata().extra().get(AttentionRules.MIXED)));
            l.tables.put(op, t);
            int dup = t.grids().stream().mapToInt(GridTable::mergedDuplicates).sum();
            if (dup > 0 && warnings != null) {
                warnings.once(source + ":" + op + ":duplicates", source + ": " + op + " has " + dup + " rows that repeat "
                        + "an earlier point; each point's rows were averaged.");
            }
        }
        for (Map.Entry<String, String> a : profile.metadata().opAliases().entrySet()) {
            Operator alias = Operator.byName(a.getKey());
            Operator target = Operator.byName(a.getValue());
            if (alias == null || target == null || !l.tables.containsKey(target)) {
                throw new ProfileLookupException(source + ": bad operator alias " + a.getKey() + "=" + a.getValue());
            }
            l.tables.putIfAbsent(alias, l.tables.get(target));
        }
        return l;
    }

    private static OperatorTable table(Operator op, List<ProfileRow> rows, boolean mixedIsSum) {
        return switch (op.family()) {
            case TOKEN -> new GridOperatorTable(op.opName(), new ProfileColumn[] {ProfileColumn.TOKENS}, rows);
            case SEQUENCE -> new GridOperatorTable(op.opName(), new ProfileColumn[] {ProfileColumn.SEQUENCES}, rows);
            case COLLECTIVE -> new GridOperatorTable(op.opName(), new ProfileColumn[] {ProfileColumn.BYTES}, rows);
            case MOE -> new GridOperatorTable(op.opName(),
                    new ProfileColumn[] {ProfileColumn.TOKENS, ProfileColumn.ACTIVE_EXPERTS}, rows);
            case ATTENTION -> new AttentionTable(op.opName(), rows, mixedIsSum);
        };
    }

    public boolean has(Operator op) {
        return tables.containsKey(op);
    }

    /** Latency in microseconds of {@code op} at {@code key}. */
    public double latencyUs(Operator op, OpKey key) {
        OperatorTable t = tables.get(op);
        if (t == null) {
            throw missing(op);
        }
        return t.latencyUs(key.axes(op.family()), warnings);
    }

    /** Same as {@link #latencyUs(Operator, OpKey)} for a 1-D family, without building a key. */
    public double latencyUs(Operator op, long x) {
        OperatorTable t = tables.get(op);
        if (t == null) {
            throw missing(op);
        }
        OpFamily f = op.family();
        if (f == OpFamily.ATTENTION || f == OpFamily.MOE) {
            throw new IllegalArgumentException(op + " is keyed by several axes");
        }
        oneAxis[0] = x;
        return t.latencyUs(oneAxis, warnings);
    }

    /** Attention latency at the four axes, without building a key (the simulator's per-step path). */
    public double attentionUs(long prefillTokens, long kvPrefill, long decodeSeqs, long kvDecode) {
        OperatorTable t = tables.get(Operator.ATTENTION);
        if (t == null) {
            throw missing(Operator.ATTENTION);
        }
        fourAxes[0] = prefillTokens;
        fourAxes[1] = kvPrefill;
        fourAxes[2] = decodeSeqs;
        fourAxes[3] = kvDecode;
        return t.latencyUs(fourAxes, warnings);
    }

    /** MoE latency at (tokens, active experts), without building a key. */
    public double moeUs(long tokens, long activeExperts) {
        OperatorTable t = tables.get(Operator.MOE);
        if (t == null) {
            throw missing(Operator.MOE);
        }
        twoAxes[0] = tokens;
        twoAxes[1] = activeExperts;
        return t.latencyUs(twoAxes, warnings);
    }

    /** {@link #latencyUs(Operator, long)} in nanoseconds (the simulator's unit). */
    public double latencyNs(Operator op, long x) {
        return latencyUs(op, x) * 1000;
    }

    /** {@link #attentionUs} in nanoseconds. */
    public double attentionNs(long prefillTokens, long kvPrefill, long decodeSeqs, long kvDecode) {
        return attentionUs(prefillTokens, kvPrefill, decodeSeqs, kvDecode) * 1000;
    }

    /** {@link #moeUs} in nanoseconds. */
    public double moeNs(long tokens, long activeExperts) {
        return moeUs(tokens, activeExperts) * 1000;
    }

    /** The grids of each operator, for reports. */
    public Map<Operator, List<GridTable>> grids() {
        Map<Operator, List<GridTable>> m = new LinkedHashMap<>();
        tables.forEach((op, t) -> m.put(op, t.grids()));
        return m;
    }

    public LookupWarnings warnings() {
        return warnings;
    }

    private ProfileLookupException missing(Operator op) {
        return new ProfileLookupException("profile " + description + " has no rows for operator '" + op
                + "'; it has " + tables.keySet() + ". Use a profile measured for this model, or profile it with "
                + "'servesim profile'.");
    }
}
