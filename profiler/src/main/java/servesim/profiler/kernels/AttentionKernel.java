package servesim.profiler.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import servesim.models.OpKey;
import servesim.models.ShardedModel;

/**
 * Attention at the four axes. The prefill part is one sequence whose {@code prefill_tokens} queries attend to
 * {@code kv_prefill} cached keys plus themselves under a causal mask; the decode part is {@code decode_seqs}
 * sequences of one query each over {@code kv_decode} keys. Query heads are grouped over their KV head (GQA) by a
 * reshape, so no KV is copied; softmax runs in fp32 as FlashAttention accumulates.
 */
final class AttentionKernel implements OpKernel {
    private final ShardedModel s;
    private final DataType dt;
    private final int group;
    private final float scale;

    AttentionKernel(ShardedModel s, DataType dt) {
        this.s = s;
        this.dt = dt;
        this.group = s.qHeads() / s.kvHeads();
        this.scale = (float) (1 / Math.sqrt(s.headDim()));
    }

    @Override
    public Invocation prepare(NDManager m, OpKey k) {
        long pc = k.prefillTokens();
        long kp = k.kvPrefill();
        long nd = k.decodeSeqs();
        long kvd = k.kvDecode();
        int d = s.headDim();
        int kvh = s.kvHeads();
        NDArray q1 = pc > 0 ? Kernels.random(m, dt, kvh, group * pc, d) : null;
        NDArray k1 = pc > 0 ? Kernels.random(m, dt, kvh, kp + pc, d) : null;
        NDArray v1 = pc > 0 ? Kernels.random(m, dt, kvh, kp + pc, d) : null;
        NDArray mask = pc > 0 ? causalMask(m, pc, kp) : null;
        NDArray q2 = nd > 0 ? Kernels.random(m, dt, nd, kvh, group, d) : null;
        NDArray k2 = nd > 0 ? Kernels.random(m, dt, nd, kvh, kvd, d) : null;
        NDArray v2 = nd > 0 ? Kernels.random(m, dt, nd, kvh, kvd, d) : null;
        return () -> {
            NDArray out = null;
            if (q1 != null) {
                NDArray scores = q1.matMul(k1.transpose(0, 2, 1)).toType(DataType.FLOAT32, false).mul(scale).add(mask);
                out = scores.softmax(-1).toType(dt, false).matMul(v1);
            }
            if (q2 != null) {
                NDArray scores = q2.matMul(k2.transpose(0, 1, 3, 2)).toType(DataType.FLOAT32, false).mul(scale);
                out = scores.softmax(-1).toType(dt, false).matMul(v2);
            }
            return out;
        };
    }

    /** [group * pc, kp + pc] additive mask: query i (of each head in the group) sees keys up to kp + i. */
    private NDArray causalMask(NDManager m, long pc, long kp) {
        long len = kp + pc;
        NDArray rows = m.arange(0, (int) pc, 1, DataType.INT64).reshape(pc, 1).add(kp);
        NDArray cols = m.arange(0, (int) len, 1, DataType.INT64).reshape(1, len);
        NDArray blocked = cols.gt(rows);
        NDArray oneHead = m.zeros(new Shape(pc, len), DataType.FLOAT32).add(blocked.toType(DataType.FLOAT32, false)
                .mul(-1e9f));
        return oneHead.tile(new long[] {group, 1});
    }

    @Override
    public long workingSetBytes(OpKey k) {
        long b = dt.getNumOfBytes();
        int d = s.headDim();
        long pc = k.prefillTokens();
        long len = k.kvPrefill() + pc;
        long prefill = pc == 0 ? 0 : b * s.kvHeads() * (group * pc * d * 2 + len * d * 2) + 4L * s.qHeads() * pc * len * 4;
        long nd = k.decodeSeqs();
        long decode = nd == 0 ? 0 : b * nd * s.kvHeads() * (k.kvDecode() * d * 2 + group * d * 2)
                + 4L * nd * s.qHeads() * k.kvDecode() * 3;
        return prefill + decode;
    }
}
