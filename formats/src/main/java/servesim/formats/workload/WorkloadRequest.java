package servesim.formats.workload;

/**
 * One request of a workload.
 *
 * @param arrivalNs    arrival time, nanoseconds from the workload's start
 * @param inputTokens  prompt length
 * @param outputTokens tokens to generate
 * @param inputIds     prompt token ids, or null when the trace has none (then no prefix can be shared)
 * @param outputIds    generated token ids, or null
 */
public record WorkloadRequest(long arrivalNs, int inputTokens, int outputTokens, int[] inputIds, int[] outputIds) {
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
