package servesim.simulator.moe;

import java.util.Arrays;
import servesim.models.InputException;
import servesim.simulator.exectime.LinkSpec;

/**
 * How an MoE layer moves tokens to experts spread over a data-parallel group and the outputs back (vLLM's
 * {@code all2all_backend}), costed per layer for members whose batches are padded to {@code paddedTokens}.
 */
public enum ExpertExchange {
    /**
     * vLLM's default: every member's hidden states are all-gathered to all ranks (dispatch) and the expert outputs
     * reduce-scattered back (combine), two ring passes over the gathered {@code dp x padded x hidden} bytes.
     */
    ALLGATHER_REDUCESCATTER("allgather_reducescatter") {
        @Override
        public double ns(LinkSpec link, long paddedTokens, int dp, int topK, int hidden, double dtypeBytes) {
            return 2 * link.allGatherNs((double) paddedTokens * dp * hidden * dtypeBytes, dp);
        }
    },
    /**
     * Token-level all-to-all (as the pplx and DeepEP kernels do): each member sends each token's copy to the rank
     * of each of its k experts and receives the outputs back, p - 1 pairwise rounds of 1/p of its
     * {@code padded x k x hidden} bytes each way.
     */
    ALL_TO_ALL("all_to_all") {
        @Override
        public double ns(LinkSpec link, long paddedTokens, int dp, int topK, int hidden, double dtypeBytes) {
            double perRank = (double) paddedTokens * topK * hidden * dtypeBytes;
            return 2 * (dp - 1) * (perRank / dp / link.bandwidthBytesPerSec() * 1e9 + link.latencyNs());
        }
    };

    private final String key;

    ExpertExchange(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    /** Dispatch plus combine time of one MoE layer, ns. */
    public abstract double ns(LinkSpec link, long paddedTokens, int dp, int topK, int hidden, double dtypeBytes);

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
