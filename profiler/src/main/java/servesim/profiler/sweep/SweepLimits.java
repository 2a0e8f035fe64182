package servesim.profiler.sweep;

/**
 * How far the sweep goes on each axis, and how hard it works.
 *
 * @param maxTokens        largest token count (the engine's {@code max_num_batched_tokens})
 * @param maxSequences     largest sequence count (the engine's {@code max_num_seqs})
 * @param maxChunk         largest prefill chunk for attention
 * @param maxKv            longest KV for attention
 * @param memoryBudgetBytes points whose working set exceeds this are skipped (and counted)
 * @param refineThreshold  relative miss of linear interpolation at a midpoint that triggers refinement (0 = off)
 * @param refineDepth      how many times an interval may be split
 * @param heldOutPerOp     off-grid points per operator measured for the held-out check
 * @param coarse           a sparser grid (tests, quick looks)
 */
public record SweepLimits(int maxTokens, int maxSequences, int maxChunk, int maxKv, long memoryBudgetBytes,
                          double refineThreshold, int refineDepth, int heldOutPerOp, boolean coarse) {
    public SweepLimits {
        if (maxTokens < 1 || maxSequences < 1 || maxChunk < 1 || maxKv < 16 || memoryBudgetBytes <= 0
                || refineThreshold < 0 || refineDepth < 0 || heldOutPerOp < 0) {
            throw new IllegalArgumentException("sweep limits out of range");
        }
    }
}
