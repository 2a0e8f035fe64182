package servesim.tools;

import java.util.List;
import java.util.StringJoiner;
import servesim.formats.profile.ProfileColumn;
import servesim.formats.profile.ProfileRow;

/** "tokens 1-8192 (14 values)" summaries of the key columns a set of rows uses. */
final class KeyRanges {
    private static final ProfileColumn[] KEYS = {ProfileColumn.TOKENS, ProfileColumn.SEQUENCES,
        ProfileColumn.PREFILL_TOKENS, ProfileColumn.KV_PREFILL, ProfileColumn.DECODE_SEQS, ProfileColumn.KV_DECODE,
        ProfileColumn.ACTIVE_EXPERTS, ProfileColumn.BYTES};

    private KeyRanges() {
    }

    static String of(List<ProfileRow> rows) {
        StringJoiner j = new StringJoiner(", ");
        for (ProfileColumn c : KEYS) {
            long lo = Long.MAX_VALUE;
            long hi = Long.MIN_VALUE;
            java.util.Set<Long> distinct = new java.util.HashSet<>();
            for (ProfileRow r : rows) {
                Object v = c.get(r);
                if (v != null) {
                    long x = ((Number) v).longValue();
                    lo = Math.min(lo, x);
                    hi = Math.max(hi, x);
                    distinct.add(x);
                }
            }
            if (!distinct.isEmpty()) {
                j.add(c.columnName() + " " + lo + "-" + hi + " (" + distinct.size() + ")");
            }
        }
        return j.toString();
    }
}
