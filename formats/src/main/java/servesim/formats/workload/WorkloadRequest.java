package servesim.formats.workload;

/**
 * One request of a workload.
 *
 * @param arrivalNs    arrival time, nanoseconds from the workload's start
 * @param inputTokens  prompt length
 * @param outputTokens tokens to generate
 * @param inputIds     prompt token ids, or null when the trace has none (then no prefix can be shared)
 * @param outputIds    generated token ids, or null
 * @param session      the agentic session this request is a turn of, or null for a lone request
 * @param line         where the request is in its file (a line, or a row's line for CSV), 0 for a generated one
 */
public record WorkloadRequest(long arrivalNs, int inputTokens, int outputTokens, int[] inputIds, int[] outputIds,
                              SessionTurn session, int line) {
    /** Tokens one request may hold at most: beyond any model's context, and far from int overflow. */
    public static final long MAX_TOKENS = 1L << 24;

    /**
     * A request's place in an agentic session: turn {@code turn} of {@code turns}; after it completes the session's
     * tool runs for {@code toolNs} and then the next turn is sent. Turns after the first are sent when released, not
     * at their {@code arrivalNs} (which is the session's).
     *
     * @param session the session's index in the workload
     * @param id      the session's id as the trace names it
     */
    public record SessionTurn(int session, String id, int turn, int turns, long toolNs) {
        public boolean released() {
            return turn > 0;
        }

        public boolean last() {
            return turn == turns - 1;
        }
    }

    /** A lone generated request. */
    public WorkloadRequest(long arrivalNs, int inputTokens, int outputTokens, int[] inputIds, int[] outputIds) {
        this(arrivalNs, inputTokens, outputTokens, inputIds, outputIds, null, 0);
    }

    /** A generated request (of a session, or lone when {@code session} is null). */
    public WorkloadRequest(long arrivalNs, int inputTokens, int outputTokens, int[] inputIds, int[] outputIds,
                           SessionTurn session) {
        this(arrivalNs, inputTokens, outputTokens, inputIds, outputIds, session, 0);
    }

    /** This request at another arrival time. */
    public WorkloadRequest at(long ns) {
        return new WorkloadRequest(ns, inputTokens, outputTokens, inputIds, outputIds, session, line);
    }

    /** This request, found at {@code line} of its file. */
    public WorkloadRequest atLine(int n) {
        return new WorkloadRequest(arrivalNs, inputTokens, outputTokens, inputIds, outputIds, session, n);
    }

    public WorkloadRequest {
        if (arrivalNs < 0 || inputTokens < 1 || outputTokens < 1) {
            throw new IllegalArgumentException("request needs arrival >= 0, input >= 1 and output >= 1 tokens");
        }
        if (inputIds != null && inputIds.length != inputTokens) {
            throw new IllegalArgumentException("input_tok_ids has " + inputIds.length + " ids for " + inputTokens
                    + " input tokens");
        }
    }
}
