package servesim.simulator.scheduler;

/**
 * The scheduler's limits, resolved from the engine settings.
 *
 * @param maxNumSeqs          running requests at most
 * @param maxBatchedTokens    token budget per step
 * @param longPrefillThreshold per-request prefill cap per step, 0 for none
 * @param chunkedPrefill      whether a prompt may be split across steps
 * @param reserveFullIsl      admit only requests whose whole sequence fits in the free blocks
 * @param asyncScheduling     plan the next step while the current one runs (vLLM's {@code async_scheduling})
 */
public record SchedulerConfig(int maxNumSeqs, int maxBatchedTokens, int longPrefillThreshold,
                              boolean chunkedPrefill, boolean reserveFullIsl, boolean asyncScheduling) {
    /** Synchronous scheduling. */
    public SchedulerConfig(int maxNumSeqs, int maxBatchedTokens, int longPrefillThreshold, boolean chunkedPrefill,
                           boolean reserveFullIsl) {
        this(maxNumSeqs, maxBatchedTokens, longPrefillThreshold, chunkedPrefill, reserveFullIsl, false);
    }

    public SchedulerConfig {
        if (maxNumSeqs < 1 || maxBatchedTokens < 1 || longPrefillThreshold < 0) {
            throw new IllegalArgumentException("scheduler limits must be positive");
        }
    }
}
