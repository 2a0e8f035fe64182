package servesim.profiler.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import servesim.models.OpKey;
import servesim.models.OpShape;
import servesim.models.ShardedModel;

/**
 * The DJL implementations of the canonical operators, as vLLM computes them on one TP rank:
 * <ul>
 *   <li>{@code embedding}: gather rows of the vocab slice;</li>
 *   <li>norms: residual add then RMSNorm (vLLM's fused add-RMSNorm), {@code qk_norm} RMSNorm per head;</li>
 *   <li>projections: one GEMM each ({@code qkv_proj} is vLLM's merged QKV, {@code gate_up_proj} its merged
 *       gate/up);</li>
 *   <li>{@code rotary_emb}: neox-style rotation of q and k;</li>
 *   <li>{@code act_fn}: SiLU(gate) * up;</li>
 *   <li>{@code attention}: softmax(q k^T / sqrt(d) + causal mask) v with grouped-query heads (no KV copy), the
 *       prefill chunks over their prefix and the decodes over their KV, run back to back for a mixed batch;</li>
 *   <li>{@code moe}: router GEMM, softmax and top-k, then each active expert's gate/up GEMM, activation and down
 *       GEMM over its share of the routed tokens;</li>
 *   <li>{@code lm_head}: one GEMM over the sampled rows; {@code sampler}: softmax over the vocabulary and argmax
 *       (greedy; the sampling kernels that vary by request settings are not modelled).</li>
 * </ul>
 */
public final class Kernels {
    private static final float EPS = 1e-6f;

    private Kernels() {
    }

    /** The kernel of {@code shape} with weights allocated in {@code weights} with type {@code dt}. */
    public static OpKernel of(OpShape shape, NDManager weights, DataType dt) {
        ShardedModel s = shape.shard();
        int h = s.hidden();
        int bytes = dt.getNumOfBytes();
        return switch (shape.op()) {
            case EMBEDDING -> embedding(weights, dt, s.vocab(), h, bytes);
            case INPUT_LAYERNORM, POST_ATTENTION_LAYERNORM, FINAL_LAYERNORM -> addNorm(weights, dt, h, bytes);
            case QKV_PROJ -> gemm(weights, dt, h, (int) (s.qDim() + 2 * s.kvDim()), bytes, OpKey::tokens);
            case QK_NORM -> qkNorm(weights, dt, s, bytes);
            case ROTARY_EMB -> rotary(weights, dt, s, bytes);
            case ATTENTION -> new AttentionKernel(s, dt);
            case O_PROJ -> gemm(weights, dt, (int) s.qDim(), h, bytes, OpKey::tokens);
            case GATE_UP_PROJ -> gemm(weights, dt, h, 2 * s.intermediate(), bytes, OpKey::tokens);
            case ACT_FN -> siluMul(dt, s.intermediate(), bytes);
            case DOWN_PROJ -> gemm(weights, dt, s.intermediate(), h, bytes, OpKey::tokens);
            case MOE -> new MoeKernel(s, weights, dt);
            case LM_HEAD -> gemm(weights, dt, h, s.vocab(), bytes, OpKey::sequences);
            case SAMPLER -> sampler(s.model().vocabSize());
            default -> throw new IllegalArgumentException(shape.op() + " is not a device operator");
        };
    }

    static NDArray random(NDManager m, DataType dt, long... shape) {
        return m.randomNormal(0, 0.02f, new Shape(shape), DataType.FLOAT32).toType(dt, false);
    }

    /** A GEMM of {@code rows(key)} rows by an [in, out] weight. */
    private static OpKernel gemm(NDManager weights, DataType dt, int in, int out, int bytes,
                                 java.util.function.ToLongFunction<OpKey> rows) {
        NDArray w = random(weights, dt, in, out);
        return new OpKernel() {
            @Override
            public Invocation prepare(NDManager m, OpKey k) {
                NDArray x = random(m, dt, rows.applyAsLong(k), in);
                return () -> x.matMul(w);
            }

            @Override
            public long workingSetBytes(OpKey k) {
                return (long) bytes * rows.applyAsLong(k) * (in + out);
            }
        };
    }

    private static OpKernel embedding(NDManager weights, DataType dt, int vocab, int h, int bytes) {
        NDArray table = random(weights, dt, vocab, h);
        return new OpKernel() {
            @Override
            public Invocation prepare(NDManager m, OpKey k) {
                NDArray ids = m.randomInteger(0, vocab, new Shape(k.tokens()), DataType.INT64);
                return () -> table.get(new NDIndex("{}", ids));
            }

            @Override
            public long workingSetBytes(OpKey k) {
                return (long) bytes * k.tokens() * h + 8L * k.tokens();
            }
        };
    }

    static NDArray rmsNorm(NDArray x, NDArray w) {
        NDArray var = x.toType(DataType.FLOAT32, false).square().mean(new int[] {-1}, true);
        return x.mul(var.add(EPS).sqrt().pow(-1).toType(x.getDataType(), false)).mul(w);
    }

    private static OpKernel addNorm(NDManager weights, DataType dt, int h, int bytes) {
        NDArray w = weights.ones(new Shape(h), dt);
        return new OpKernel() {
            @Override
            public Invocation prepare(NDManager m, OpKey k) {
                NDArray x = random(m, dt, k.tokens(), h);
                NDArray residual = random(m, dt, k.tokens(), h);
                return () -> rmsNorm(x.add(residual), w);
            }

            @Override
            public long workingSetBytes(OpKey k) {
                return (long) bytes * k.tokens() * h * 6;
            }
        };
    }

    private static OpKernel qkNorm(NDManager weights, DataType dt, ShardedModel s, int bytes) {
        int d = s.headDim();
        NDArray wq = weights.ones(new Shape(d), dt);
        NDArray wk = weights.ones(new Shape(d), dt);
        return new OpKernel() {
            @Override
            public Invocation prepare(NDManager m, OpKey k) {
                NDArray q = random(m, dt, k.tokens(), s.qHeads(), d);
                NDArray kk = random(m, dt, k.tokens(), s.kvHeads(), d);
                return () -> {
                    rmsNorm(q, wq);
                    return rmsNorm(kk, wk);
                };
            }

            @Override
            public long workingSetBytes(OpKey k) {
                return (long) bytes * k.tokens() * (s.qDim() + s.kvDim()) * 4;
            }
        };
    }

    static NDArray rotate(NDArray x, NDArray cos, NDArray sin, int half) {
        NDArray x1 = x.get(new NDIndex("..., :" + half));
        NDArray x2 = x.get(new NDIndex("..., " + half + ":"));
        return NDArrays.concat(new ai.djl.ndarray.NDList(x1.mul(cos).sub(x2.mul(sin)), x2.mul(cos).add(x1.mul(sin))),
                -1);
    }

    private static OpKernel rotary(NDManager weights, DataType dt, ShardedModel s, int bytes) {
        int d = s.headDim();
        int half = d / 2;
        return new OpKernel() {
            @Override
            public Invocation prepare(NDManager m, OpKey k) {
                NDArray q = random(m, dt, k.tokens(), s.qHeads(), d);
                NDArray kk = random(m, dt, k.tokens(), s.kvHeads(), d);
                NDArray cos = random(m, dt, k.tokens(), 1, half);
                NDArray sin = random(m, dt, k.tokens(), 1, half);
                return () -> {
                    rotate(q, cos, sin, half);
                    return rotate(kk, cos, sin, half);
                };
            }

            @Override
            public long workingSetBytes(OpKey k) {
                return (long) bytes * k.tokens() * (s.qDim() + s.kvDim()) * 5;
            }
        };
    }

    static NDArray siluMul(NDArray x, int inter) {
        NDArray gate = x.get(new NDIndex(":, :" + inter));
        NDArray up = x.get(new NDIndex(":, " + inter + ":"));
        return gate.mul(Activation.sigmoid(gate)).mul(up);
    }

    private static OpKernel siluMul(DataType dt, int inter, int bytes) {
        return new OpKernel() {
            @Override
            public Invocation prepare(NDManager m, OpKey k) {
                NDArray x = random(m, dt, k.tokens(), 2L * inter);
                return () -> siluMul(x, inter);
            }

            @Override
            public long workingSetBytes(OpKey k) {
                return (long) bytes * k.tokens() * inter * 5;
            }
        };
    }

    private static OpKernel sampler(int vocab) {
        return new OpKernel() {
            @Override
            public Invocation prepare(NDManager m, OpKey k) {
                NDArray logits = m.randomNormal(new Shape(k.sequences(), vocab));
                return () -> logits.softmax(-1).argMax(-1);
            }

            @Override
            public long workingSetBytes(OpKey k) {
                return 4L * k.sequences() * vocab * 3;
            }
        };
    }
}
