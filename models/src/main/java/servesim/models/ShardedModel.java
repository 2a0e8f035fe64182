package servesim.models;

/**
 * The per-rank shapes of one model under a {@link Parallelism}: what a single device holds and computes.
 *
 * @param model            the unsharded architecture
 * @param parallelism      how it is split
 * @param qHeads           query heads on this rank
 * @param kvHeads          KV heads on this rank (replicated when there are fewer KV heads than ranks)
 * @param intermediate     dense MLP width on this rank
 * @param vocab            vocabulary slice on this rank (vocab-parallel embedding and LM head)
 * @param localExperts     experts held by this rank
 * @param expertIntermediate one expert's MLP width on this rank
 */
public record ShardedModel(ModelConfig model, Parallelism parallelism, int qHeads, int kvHeads, int intermediate,
                           int vocab, int localExperts, int expertIntermediate) {

    /** Shards {@code model}; throws an {@link InputException} if it cannot be split as asked. */
    public static ShardedModel of(ModelConfig model, Parallelism p) {
        p.check(model, null);
        int tp = p.tp();
        int kvHeads = Math.max(1, model.numKvHeads() / tp);
        int intermediate = model.isMoe() ? 0 : model.intermediateSize() / tp;
        int vocab = (model.vocabSize() + tp - 1) / tp;
        int localExperts = model.isMoe() ? model.numExperts() / p.ep() : 0;
        int expertFfn = model.isMoe() ? (p.ep() == 1 ? model.expertIntermediate() / tp : model.expertIntermediate())
                : 0;
        return new ShardedModel(model, p, model.numHeads() / tp, kvHeads, intermediate, vocab, localExperts,
                expertFfn);
    }

    public int hidden() {
        return model.hiddenSize();
    }

    public int headDim() {
        return model.headDim();
    }

    public long qDim() {
        return (long) qHeads * model.headDim();
    }

    public long kvDim() {
        return (long) kvHeads * model.headDim();
    }

    /**
     * Distinct experts of this rank that {@code tokens} tokens activate in expectation when each picks top-k of
     * the model's experts uniformly (balanced routing): {@code E (1 - (1 - k/E)^T)} over this rank's experts, at
     * least top-k (or all local experts if fewer).
     */
    public long expectedActiveExperts(long tokens) {
        if (!model.isMoe()) {
            return 0;
        }
        return expectedActiveExperts(tokens, model.numExperts(), model.expertsPerToken(), localExperts);
    }

    /** Expected share of {@code experts} that {@code tokens} tokens picking top-{@code k} uniformly hit. */
    public static double activeShare(long tokens, int experts, int k) {
        return 1 - Math.pow(1 - k / (double) experts, tokens);
    }

    /**
     * The closed form behind {@link #expectedActiveExperts(long)}: of {@code local} experts out of {@code experts},
     * those that {@code tokens} tokens picking top-{@code k} uniformly hit in expectation, at least min(k, local).
     */
    public static long expectedActiveExperts(long tokens, int experts, int k, int local) {
        long expected = Math.round(local * activeShare(tokens, experts, k));
        return Math.max(Math.min(k, local), Math.min(local, expected));
    }
}
