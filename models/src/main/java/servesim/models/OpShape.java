package servesim.models;

/**
 * One operator of a forward pass on one rank, with how often a pass runs it.
 *
 * <p>{@link #work} gives its FLOPs and bytes at a key. The formulas count one read of every weight and of every
 * input activation and one write of every output, which is what fused vLLM kernels achieve; attention reads the
 * whole KV prefix once per sequence (FlashAttention-style) and counts causal masking for the prefill part.
 *
 * @param op      canonical operator
 * @param count   calls per forward pass (the layer count for per-layer operators)
 * @param shard   per-rank shapes
 * @param payload for collectives, what the message carries; null otherwise
 */
public record OpShape(Operator op, int count, ShardedModel shard, Payload payload) {

    /** What a collective's message holds. */
    public enum Payload {
        /** One hidden-width activation row per batch token (after o_proj, down_proj, embedding). */
        TOKENS_X_HIDDEN,
        /**
         * The LM head's gather of logits: every rank's vocab slice for each sequence, so the message is the
         * gathered total (sequences x the whole, padded vocab), as a ring all-gather's cost expects.
         */
        SEQUENCES_X_VOCAB
    }

    public OpShape {
        if (count < 1) {
            throw new IllegalArgumentException("operator count must be >= 1");
        }
        if (op.isCollective() != (payload != null)) {
            throw new IllegalArgumentException("payload is required for collectives and only for them: " + op);
        }
    }

    /** Message bytes of a collective for a batch of {@code tokens} tokens of which {@code sequences} sample. */
    public long messageBytes(long tokens, long sequences, Dtype dtype) {
        return switch (payload) {
            case TOKENS_X_HIDDEN -> Math.round(tokens * (double) shard.hidden() * dtype.bytes());
            case SEQUENCES_X_VOCAB -> Math.round(sequences * (double) shard.vocab() * shard.parallelism().tp()
                    * dtype.bytes());
        };
    }

    /** FLOPs and bytes moved by one call at {@code key}, in {@code dtype}. */
    public OpWork work(OpKey key, Dtype dtype) {
        double b = dtype.bytes();
        double h = shard.hidden();
        double t = key.tokens();
        return switch (op) {
            case EMBEDDING -> new OpWork(0, t * h * b * 2 + t * 8);
            case INPUT_LAYERNORM, POST_ATTENTION_LAYERNORM, FINAL_LAYERNORM ->
                    // fused residual-add + norm: read x and residual, write both; 5 flops per element
                    new OpWork(5 * t * h, (4 * t * h + h) * b);
            case QKV_PROJ -> gemm(t, h, shard.qDim() + 2.0 * shard.kvDim(), b);
            case QK_NORM -> elementwise(t * (shard.qDim() + shard.kvDim()), 5, 2, b);
            case ROTARY_EMB -> elementwise(t * (shard.qDim() + shard.kvDim()), 3, 2, b);
            case ATTENTION -> attention(key, b);
            case O_PROJ -> gemm(t, shard.qDim(), h, b);
            case GATE_UP_PROJ -> gemm(t, h, 2.0 * shard.intermediate(), b);
            case ACT_FN -> elementwise(t * shard.intermediate(), 5, 3, b);
            case DOWN_PROJ -> gemm(t, shard.intermediate(), h, b);
            case MOE -> moe(key, b);
            case LM_HEAD -> gemm(key.sequences(), h, shard.vocab(), b);
            // softmax + sampling over fp32 logits: read and write each logit twice
            case SAMPLER -> new OpWork(10.0 * key.sequences() * shard.model().vocabSize(),
                    16.0 * key.sequences() * shard.model().vocabSize());
            case ALLREDUCE, ALLGATHER, REDUCESCATTER, ALLTOALL, SEND_RECV -> new OpWork(0, key.bytes());
        };
    }

    private static OpWork gemm(double m, double k, double n, double b) {
        return new OpWork(2 * m * k * n, (k * n + m * k + m * n) * b);
    }

    private static OpWork elementwise(double elements, double flopsPerElement, double touches, double b) {
        return new OpWork(elements * flopsPerElement, elements * touches * b);
    }

    private OpWork attention(OpKey key, double b) {
        double d = shard.headDim();
        double qh = shard.qHeads();
        double kvh = shard.kvHeads();
        double pc = key.prefillTokens();
        double kp = key.kvPrefill();
        double nd = key.decodeSeqs();
        double kvd = key.kvDecode();
        // QK^T and PV: 2 GEMMs of 2*d flops per (query, key) pair per head; causal prefill sees kp + (pc+1)/2 keys
        double pairs = pc * (kp + (pc + 1) / 2.0) + nd * kvd;
        double flops = 4 * d * qh * pairs;
        double kvRead = 2 * kvh * d * b * ((pc > 0 ? kp + pc : 0) + nd * kvd);
        double qAndOut = 2 * qh * d * b * (pc + nd);
        double kvWrite = 2 * kvh * d * b * (pc + nd);
        return new OpWork(flops, kvRead + qAndOut + kvWrite);
    }

    private OpWork moe(OpKey key, double b) {
        ModelConfig m = shard.model();
        double h = shard.hidden();
        double ffn = shard.expertIntermediate();
        double t = key.tokens();
        // expected token-expert pairs served by this rank's experts
        double pairs = t * m.expertsPerToken() / (double) shard.parallelism().ep();
        double experts = Math.min(key.activeExperts(), shard.localExperts());
        OpWork router = gemm(t, h, m.numExperts(), b);
        double flops = 2 * pairs * h * 3 * ffn;
        double bytes = experts * 3 * h * ffn * b + pairs * (h + 3 * ffn + h) * b;
        return router.plus(new OpWork(flops, bytes));
    }
}
