package servesim.profiler.kernels;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import servesim.models.OpKey;
import servesim.models.ShardedModel;

/**
 * A MoE block on one rank at (tokens, active experts): the router GEMM over all experts, softmax and top-k, then
 * each of the {@code active} experts runs its gate/up GEMM, SiLU-and-mul and down GEMM over its even share of the
 * {@code tokens x top-k} routed rows. Expert weights are allocated lazily, one set per active expert index.
 */
final class MoeKernel implements OpKernel {
    private final ShardedModel s;
    private final NDManager weights;
    private final DataType dt;
    private final NDArray router;
    private final NDArray[] w1;
    private final NDArray[] w2;

    MoeKernel(ShardedModel s, NDManager weights, DataType dt) {
        this.s = s;
        this.weights = weights;
        this.dt = dt;
        this.router = Kernels.random(weights, dt, s.hidden(), s.model().numExperts());
        this.w1 = new NDArray[s.localExperts()];
        this.w2 = new NDArray[s.localExperts()];
    }

    private void ensureExperts(int n) {
        for (int e = 0; e < n; e++) {
            if (w1[e] == null) {
                w1[e] = Kernels.random(weights, dt, s.hidden(), 2L * s.expertIntermediate());
                w2[e] = Kernels.random(weights, dt, s.expertIntermediate(), s.hidden());
            }
        }
    }

    @Override
    public Invocation prepare(NDManager m, OpKey k) {
        int active = (int) Math.max(1, Math.min(k.activeExperts(), s.localExperts()));
        ensureExperts(active);
        long pairs = k.tokens() * s.model().expertsPerToken() / Math.max(1, s.parallelism().ep());
        long perExpert = Math.max(1, (pairs + active - 1) / active);
        NDArray x = Kernels.random(m, dt, k.tokens(), s.hidden());
        NDArray rows = Kernels.random(m, dt, perExpert, s.hidden());
        int topK = s.model().expertsPerToken();
        int inter = s.expertIntermediate();
        return () -> {
            NDArray probs = x.matMul(router).toType(DataType.FLOAT32, false).softmax(-1);
            NDList top = probs.topK(topK, -1, true, true);
            NDArray out = null;
            for (int e = 0; e < active; e++) {
                NDArray y = Kernels.siluMul(rows.matMul(w1[e]), inter).matMul(w2[e]);
                out = out == null ? y : out.add(y);
            }
            top.close();
            return out;
        };
    }

    @Override
    public long workingSetBytes(OpKey k) {
        long b = dt.getNumOfBytes();
        int active = (int) Math.max(1, Math.min(k.activeExperts(), s.localExperts()));
        long experts = (long) active * 3 * s.hidden() * s.expertIntermediate() * b;
        long pairs = k.tokens() * s.model().expertsPerToken();
        return experts + b * (k.tokens() * s.hidden() * 2 + pairs * (s.hidden() + 3L * s.expertIntermediate()))
                + 4L * k.tokens() * s.model().numExperts() * 2;
    }
}
