package servesim.models;

/**
 * One model architecture as read from a Hugging Face {@code config.json}: the shapes that decide cost.
 *
 * @param id                  model id, e.g. {@code meta-llama/Llama-3.1-8B}
 * @param family              architecture family
 * @param hiddenSize          residual width
 * @param numLayers           decoder layers
 * @param numHeads            query heads
 * @param numKvHeads          key/value heads (GQA)
 * @param headDim             per-head width
 * @param intermediateSize    dense MLP width (unused by MoE layers)
 * @param vocabSize           vocabulary
 * @param numExperts          routed experts per MoE layer, 0 for dense models
 * @param expertsPerToken     experts each token is routed to, 0 for dense models
 * @param expertIntermediate  one expert's MLP width, 0 for dense models
 * @param tieWordEmbeddings   lm_head shares the embedding matrix
 * @param maxPositions        {@code max_position_embeddings}
 * @param attentionBias       bias on q/k/v/o projections
 * @param lmHeadBias          bias on the LM head
 */
public record ModelConfig(String id, ModelFamily family, int hiddenSize, int numLayers, int numHeads,
                          int numKvHeads, int headDim, int intermediateSize, int vocabSize, int numExperts,
                          int expertsPerToken, int expertIntermediate, boolean tieWordEmbeddings,
                          int maxPositions, boolean attentionBias, boolean lmHeadBias) {

    public ModelConfig {
        if (hiddenSize <= 0 || numLayers <= 0 || numHeads <= 0 || numKvHeads <= 0 || headDim <= 0
                || vocabSize <= 0 || maxPositions <= 0) {
            throw new IllegalArgumentException("model " + id + ": sizes must be positive");
        }
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("model " + id + ": num_attention_heads " + numHeads
                    + " is not a multiple of num_key_value_heads " + numKvHeads);
        }
        if (family.moe() && (numExperts <= 0 || expertsPerToken <= 0 || expertsPerToken > numExperts
                || expertIntermediate <= 0)) {
            throw new IllegalArgumentException("model " + id + ": MoE fields are inconsistent");
        }
        if (!family.moe() && intermediateSize <= 0) {
            throw new IllegalArgumentException("model " + id + ": intermediate_size must be positive");
        }
    }

    public boolean isMoe() {
        return family.moe();
    }

    /** Width of all query heads together. */
    public long qDim() {
        return (long) numHeads * headDim;
    }

    /** Width of all key (or value) heads together. */
    public long kvDim() {
        return (long) numKvHeads * headDim;
    }

    /** Parameter counts (total and active per token). */
    public ParameterCount parameters() {
        return ParameterCount.of(this);
    }

    /** Bytes of KV cache one token occupies across all layers and all TP ranks (no replication). */
    public long kvBytesPerToken(Dtype kvDtype) {
        return Math.round(2.0 * numLayers * kvDim() * kvDtype.bytes());
    }

    /**
     * Bytes of KV cache one token occupies on one TP rank: KV heads are split across ranks, and replicated when
     * there are fewer KV heads than ranks (as vLLM does).
     */
    public long kvBytesPerTokenPerRank(Dtype kvDtype, int tp) {
        int kvHeadsPerRank = Math.max(1, numKvHeads / tp);
        return Math.round(2.0 * numLayers * kvHeadsPerRank * headDim * kvDtype.bytes());
    }
}
