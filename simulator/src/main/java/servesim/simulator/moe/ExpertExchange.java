package servesim.simulator.moe;

import java.util.Arrays;
import servesim.models.InputException;
import servesim.simulator.collective.CollectiveCost;

/**
 * How an MoE layer moves tokens to experts spread over a data-parallel group and the outputs back (vLLM's
 * {@code all2all_backend}), costed per layer for members whose batches are padded to {@code paddedTokens}.
 */
public enum ExpertExchange {
    /**
     * vLLM's default ({@code AgRsAll2AllManager}): dispatch all-gathers every member's hidden states and, as a
     * second tensor of the same call, its router logits ({@code dp x padded x hidden} and {@code dp x padded x
     * experts} values); combine reduce-scatters the expert outputs back ({@code dp x padded x hidden}). Three NCCL
     * ring collectives per MoE layer.
     */
    ALLGATHER_REDUCESCATTER("allgather_reducescatter") {
        @Override
        public double ns(CollectiveCost link, long paddedTokens, int dp, int topK, int hidden, int experts,
                         double dtypeBytes) {
            double rows = (double) paddedTokens * dp * dtypeBytes;
            return link.allGatherNs(rows * hidden, dp) + link.allGatherNs(rows * experts, dp)
                    + link.reduceScatterNs(rows * hidden, dp);
        }
    },
    /**
     * Token-level all-to-all (as the pplx and DeepEP kernels do): each member sends each token's copy to the rank
     * of each of its k experts and receives the outputs back, p - 1 pairwise rounds of 1/p of its
     * {@code padded x k x hidden} bytes each way.
     */
    ALL_TO_ALL("all_to_all") {
        @Override
        public double ns(CollectiveCost link, long paddedTokens, int dp, int topK, int hidden, int experts,
                         double dtypeBytes) {
            // each rank sends (p-1)/p of its token copies and receives the outputs back: p-1 pairwise rounds of 1/p
            // of them each way, as a ring all-gather of one rank's copies moves
            double copies = (double) paddedTokens * topK * hidden * dtypeBytes;
            return 2 * link.allGatherNs(copies, dp);
        }
    };

    private final String key;

    ExpertExchange(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /**
     * Dispatch plus combine time of one MoE layer, ns, by {@code link}: the devices' measured collectives or the
     * physical link between the group's devices (the nodes' NICs when members sit on different nodes). These are
     * bulk NCCL transfers, so not the all-reduce fit of LLMServingSim's configs.
     */
    public abstract double ns(CollectiveCost link, long paddedTokens, int dp, int topK, int hidden, int experts,
                              double dtypeBytes);

    /** The backend named {@code key}; throws naming the file and field otherwise. */
    public static ExpertExchange parse(String key, String source, String field) {
        for (ExpertExchange e : values()) {
            if (e.key.equals(key)) {
                return e;
            }
        }
        throw new InputException(source, field, "unknown all2all_backend '" + key + "'.", "use one of "
                + String.join(", ", Arrays.stream(values()).map(ExpertExchange::key).toList()) + ".");
    }
}
