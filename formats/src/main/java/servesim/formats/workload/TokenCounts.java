package servesim.formats.workload;

import java.nio.file.Path;
import java.util.List;
import servesim.models.InputException;

/** The checks every trace reader applies to what it read: token counts in range, and at least one request. */
final class TokenCounts {
    private TokenCounts() {
    }

    /** A token count from {@code file} at {@code where}: at least 1 and at most {@link WorkloadRequest#MAX_TOKENS}. */
    static int count(long v, Path file, String where, String field) {
        if (v < 1 || v > WorkloadRequest.MAX_TOKENS) {
            throw new InputException(file, where + ", field '" + field + "'", "token count " + v + " is out of "
                    + "range.", "use 1 to " + WorkloadRequest.MAX_TOKENS + " tokens.");
        }
        return (int) v;
    }

    /** {@code requests}, refused when empty (a header-only or empty file would give a run of nothing). */
    static List<WorkloadRequest> nonEmpty(List<WorkloadRequest> requests, Path file) {
        if (requests.isEmpty()) {
            throw new InputException(file, null, "the workload has no requests.", "add request lines (or rows).");
        }
        return requests;
    }
}
