package servesim.formats.cluster;

import java.util.Map;

/**
 * Where an instance keeps each part of the model (LLMServingSim's {@code placement}): a location per decoder layer
 * ("block") and for the embedding, final norm and LM head, each {@code npu}, {@code cpu} or {@code cxl:N}.
 *
 * @param defaultWeights location of every layer the blocks do not name
 * @param layerWeights location of each decoder layer's weights, by layer index (up to the highest block named)
 * @param embedding    location of the embedding table
 * @param finalNorm    location of the final norm
 * @param lmHead       location of the LM head
 * @param kvLocations  distinct {@code kv_loc} values given
 * @param kvEvict      distinct {@code kv_evict_loc} values given
 * @param layerParts   location of a named part of every decoder layer ({@code q_proj}, {@code expert}, ...), which
 *                     overrides the layer's own location (LLMServingSim's {@code layers} entries)
 */
public record PlacementSpec(MemoryTier defaultWeights, MemoryTier[] layerWeights, MemoryTier embedding,
                            MemoryTier finalNorm, MemoryTier lmHead, java.util.Set<MemoryTier> kvLocations,
                            java.util.Set<MemoryTier> kvEvict, Map<String, MemoryTier> layerParts) {

    /** Decoder layers per location for a model of {@code layers} layers. */
    public Map<MemoryTier, Integer> layersByLocation(int layers) {
        Map<MemoryTier, Integer> m = new java.util.TreeMap<>();
        for (int l = 0; l < layers; l++) {
            m.merge(l < layerWeights.length ? layerWeights[l] : defaultWeights, 1, Integer::sum);
        }
        return m;
    }
}
