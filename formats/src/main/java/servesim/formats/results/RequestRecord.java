package servesim.formats.results;

/**
 * What happened to one request, in nanoseconds of simulated (or measured) time.
 *
 * @param id               request index in the workload
 * @param instance         instance that served it
 * @param arrivalNs        when the client sent it
 * @param queuedNs         when the engine queued it (its input loop runs between steps)
 * @param scheduledNs      first step that included it
 * @param firstTokenNs     first output token
 * @param finishNs         last output token
 * @param inputTokens      prompt length
 * @param outputTokens     tokens generated
 * @param preemptions      times it was preempted
 * @param prefixHitTokens  prompt tokens found in the prefix cache at its first admission
 * @param prefillInstance  instance that ran its prefill under disaggregation, or -1
 * @param kvReadyNs        when its KV reached the decode instance under disaggregation, or -1
 */
public record RequestRecord(int id, int instance, long arrivalNs, long queuedNs, long scheduledNs, long firstTokenNs,
                            long finishNs, int inputTokens, int outputTokens, int preemptions, int prefixHitTokens,
                            int prefillInstance, long kvReadyNs) {

    /** Time to first token as a client sees it (from arrival). */
    public long ttftNs() {
        return firstTokenNs - arrivalNs;
    }

    /** End-to-end latency from arrival. */
    public long e2eNs() {
        return finishNs - arrivalNs;
    }

    /** Mean time per output token after the first, or -1 for single-token outputs. */
    public double tpotNs() {
        return outputTokens > 1 ? (finishNs - firstTokenNs) / (double) (outputTokens - 1) : -1;
    }
}
