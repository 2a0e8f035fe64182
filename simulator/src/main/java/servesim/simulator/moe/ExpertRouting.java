package servesim.simulator.moe;

/**
 * How a batch's tokens spread over the experts of an MoE layer split across {@code ep} expert-parallel ranks.
 * For a batch of {@code tokens} tokens, each routed to {@code topK} of {@code experts} experts, fills per rank the
 * token-expert pairs it serves and the distinct experts it activates. Implementations may keep state (a seeded
 * generator) and must not allocate per call.
 */
public interface ExpertRouting {
    /**
     * Routes one layer of a step. A step's calls come in layer order from layer 0 (a policy may draw the step's
     * routing at layer 0 and place it per layer).
     *
     * @param layer  decoder layer (always 0 for a policy whose layers all route alike)
     * @param pairs  out: token-expert pairs per rank
     * @param active out: distinct experts activated per rank
     */
    void route(long tokens, int experts, int topK, int ep, int layer, long[] pairs, long[] active);

    /** Whether layers route differently (then the step routes every layer; otherwise layer 0 serves all). */
    default boolean variesByLayer() {
        return false;
    }
}
