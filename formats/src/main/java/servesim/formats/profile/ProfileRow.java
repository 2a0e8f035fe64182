package servesim.formats.profile;

/**
 * One row of a profile: an operator (or auxiliary table) at one key, with its latency and optional power.
 *
 * @param op       canonical operator name, or an auxiliary table name ({@code attention_skew},
 *                 {@code attention_skew_fit})
 * @param keys     key columns
 * @param latency  latency statistics in microseconds
 * @param powerW   mean device power while the point ran, where measured
 * @param energyUj energy per call, where measured
 * @param label    free text the source attaches to the row (skew regime, fit bucket), or null
 * @param skew     skew columns, or null
 */
public record ProfileRow(String op, RowKeys keys, LatencyStats latency, Double powerW, Double energyUj,
                         String label, SkewStats skew) {
    public ProfileRow {
        if (op == null || op.isEmpty()) {
            throw new IllegalArgumentException("profile row without an operator name");
        }
        if (keys == null || latency == null) {
            throw new IllegalArgumentException("profile row " + op + " needs keys and latency");
        }
    }

    public static ProfileRow of(String op, RowKeys keys, double medianUs) {
        return new ProfileRow(op, keys, LatencyStats.single(medianUs), null, null, null, null);
    }

    public static ProfileRow of(String op, RowKeys keys, LatencyStats stats) {
        return new ProfileRow(op, keys, stats, null, null, null, null);
    }
}
