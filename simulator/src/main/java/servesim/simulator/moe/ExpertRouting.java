package servesim.simulator.moe;

/**
 * How a batch's tokens spread over the experts of an MoE layer split across {@code ep} expert-parallel ranks.
 * For a batch of {@code tokens} tokens, each routed to {@code topK} of {@code experts} experts, fills per rank the
 * token-expert pairs it serves and the distinct experts it activates. Implementations may keep state (a seeded
 * generator) and must not allocate per call.
 */
public interface ExpertRouting {
    /**
     * @param pairs  out: token-expert pairs per rank
     * @param active out: distinct experts activated per rank
     */
    void route(long tokens, int experts, int topK, int ep, long[] pairs, long[] active);
}
