package servesim.models;

/**
 * Parameter counts of a model, split the way memory planning needs them.
 *
 * @param embedding    token embedding table
 * @param lmHead       output projection (0 when tied to the embedding)
 * @param attention    all layers' q/k/v/o projections, their biases and q/k norms
 * @param mlp          all layers' dense MLPs, or all experts of all MoE layers
 * @param activeMlp    the MLP parameters one token touches (equals {@code mlp} for dense models)
 * @param router       MoE router (gate) weights
 * @param norms        layer norms and the final norm
 */
public record ParameterCount(long embedding, long lmHead, long attention, long mlp, long activeMlp, long router,
                             long norms) {

    /** All parameters stored. */
    public long total() {
        return embedding + lmHead + attention + mlp + router + norms;
    }

    /** Parameters used for one token (MoE: only the routed experts). */
    public long active() {
        return embedding + lmHead + attention + activeMlp + router + norms;
    }

    /** Bytes of all weights in {@code dtype}. */
    public long bytes(Dtype dtype) {
        return Math.round(total() * dtype.bytes());
    }

    static ParameterCount of(ModelConfig m) {
        long h = m.hiddenSize();
        long layers = m.numLayers();
        long embedding = (long) m.vocabSize() * h;
        long lmHead = m.tieWordEmbeddings() ? 0 : (long) m.vocabSize() * h;
        if (m.lmHeadBias()) {
            lmHead += m.vocabSize();
        }
        long q = m.qDim();
        long kv = m.kvDim();
        long attn = h * q + 2 * h * kv + q * h;
        if (m.attentionBias()) {
            attn += q + 2 * kv + h;
        } else if (m.family().qkvBias()) {
            attn += q + 2 * kv;
        }
        if (m.family().qkNorm()) {
            attn += 2L * m.headDim();
        }
        long normWidth = m.family().layerNorm() ? 2 * h : h;
        long norms = (2 * layers + 1) * normWidth;
        long mlp;
        long activeMlp;
        long router = 0;
        if (m.isMoe()) {
            long expert = 3 * h * m.expertIntermediate();
            mlp = layers * m.numExperts() * expert;
            activeMlp = layers * m.expertsPerToken() * expert;
            router = layers * h * m.numExperts();
        } else {
            mlp = layers * 3 * h * m.intermediateSize();
            activeMlp = mlp;
        }
        return new ParameterCount(embedding, lmHead, layers * attn, mlp, activeMlp, router, norms);
    }
}
