package servesim.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The ordered operators one forward pass of a model runs on one rank, as vLLM executes them.
 *
 * <p>Per layer: input_layernorm, qkv_proj, [qk_norm], rotary_emb, attention, o_proj, [allreduce],
 * post_attention_layernorm, then gate_up_proj, act_fn, down_proj (dense) or moe, then [allreduce]. Around the
 * layers: embedding [+ allreduce of the vocab-parallel embedding], final_layernorm, lm_head [+ allgather of the
 * logit slices], sampler. Bracketed collectives appear only when tp &gt; 1. Every operator's {@code count} says
 * how many times the pass runs it.
 */
public final class ForwardPass {
    private final ShardedModel shard;
    private final List<OpShape> ops;

    private ForwardPass(ShardedModel shard, List<OpShape> ops) {
        this.shard = shard;
        this.ops = Collections.unmodifiableList(ops);
    }

    /** Builds the pass of {@code model} under {@code parallelism}; throws if the split is impossible. */
    public static ForwardPass of(ModelConfig model, Parallelism parallelism) {
        ShardedModel s = ShardedModel.of(model, parallelism);
        boolean tp = parallelism.tp() > 1;
        int layers = model.numLayers();
        List<OpShape> ops = new ArrayList<>();
        ops.add(new OpShape(Operator.EMBEDDING, 1, s, null));
        if (tp) {
            ops.add(new OpShape(Operator.ALLREDUCE, 1, s, OpShape.Payload.TOKENS_X_HIDDEN));
        }
        ops.add(new OpShape(Operator.INPUT_LAYERNORM, layers, s, null));
        ops.add(new OpShape(Operator.QKV_PROJ, layers, s, null));
        if (model.family().qkNorm()) {
            ops.add(new OpShape(Operator.QK_NORM, layers, s, null));
        }
        ops.add(new OpShape(Operator.ROTARY_EMB, layers, s, null));
        ops.add(new OpShape(Operator.ATTENTION, layers, s, null));
        ops.add(new OpShape(Operator.O_PROJ, layers, s, null));
        if (tp) {
            ops.add(new OpShape(Operator.ALLREDUCE, layers, s, OpShape.Payload.TOKENS_X_HIDDEN));
        }
        ops.add(new OpShape(Operator.POST_ATTENTION_LAYERNORM, layers, s, null));
        if (model.isMoe()) {
            ops.add(new OpShape(Operator.MOE, layers, s, null));
        } else {
            ops.add(new OpShape(Operator.GATE_UP_PROJ, layers, s, null));
            ops.add(new OpShape(Operator.ACT_FN, layers, s, null));
            ops.add(new OpShape(Operator.DOWN_PROJ, layers, s, null));
        }
        if (tp) {
            ops.add(new OpShape(Operator.ALLREDUCE, layers, s, OpShape.Payload.TOKENS_X_HIDDEN));
        }
        ops.add(new OpShape(Operator.FINAL_LAYERNORM, 1, s, null));
        ops.add(new OpShape(Operator.LM_HEAD, 1, s, null));
        if (tp) {
            ops.add(new OpShape(Operator.ALLGATHER, 1, s, OpShape.Payload.SEQUENCES_X_VOCAB));
        }
        ops.add(new OpShape(Operator.SAMPLER, 1, s, null));
        return new ForwardPass(s, ops);
    }

    public ShardedModel shard() {
        return shard;
    }

    /** The operators in execution order. */
    public List<OpShape> ops() {
        return ops;
    }

    /** The distinct compute (non-collective) operators of the pass, in first-use order. */
    public List<Operator> computeOperators() {
        List<Operator> out = new ArrayList<>();
        for (OpShape o : ops) {
            if (!o.op().isCollective() && !out.contains(o.op())) {
                out.add(o.op());
            }
        }
        return out;
    }
}
