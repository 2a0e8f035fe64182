package servesim.aiconfigurator;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import servesim.models.InputException;

/**
 * AIConfigurator's measured fused-MoE calls ({@code moe_perf}: both expert GEMMs and the activation of one vLLM
 * {@code fused_moe} call for {@code num_tokens} tokens; ms) for one model's expert shape, tensor-parallel experts
 * ({@code moe_tp_size} = TP, {@code moe_ep_size} = 1: vLLM without {@code --enable-expert-parallel}) and one
 * routing distribution. A TP degree the table lacks is estimated per token count from the measured degrees as
 * {@code a + b / tp} (least squares; a fixed part and a part the shards split), which marks it estimated.
 */
final class MoeTable {
    private final TreeMap<Long, Double> byTokens = new TreeMap<>();
    private final boolean measuredTp;

    MoeTable(ParquetSource src, Path file, String dtype, int hidden, int inter, int topk, int experts, int tp,
             String distribution) {
        String where = "moe_dtype = " + ParquetSource.quote(dtype) + " AND hidden_size = " + hidden
                + " AND inter_size = " + inter + " AND topk = " + topk + " AND num_experts = " + experts
                + " AND moe_ep_size = 1 AND distribution = " + ParquetSource.quote(distribution)
                + " AND kernel_source = 'vllm_fused_moe'";
        ParquetSource.Table t = src.select(file, List.of("num_tokens", "moe_tp_size", "latency"), where);
        TreeMap<Long, TreeMap<Long, Double>> byTp = new TreeMap<>();
        for (Object[] r : ParquetSource.firstPerKey(t, List.of("num_tokens", "moe_tp_size"))) {
            byTp.computeIfAbsent((Long) r[1], x -> new TreeMap<>()).put((Long) r[0], (Double) r[2] * 1000.0);
        }
        if (byTp.isEmpty()) {
            throw new InputException(file, null, "no fused-MoE rows for hidden " + hidden + ", expert size " + inter
                    + ", top-" + topk + " of " + experts + " experts (" + dtype + ", " + distribution + ").",
                    "this system did not measure the model's expert shape; choose another model or system.");
        }
        measuredTp = byTp.containsKey((long) tp);
        if (measuredTp) {
            byTokens.putAll(byTp.get((long) tp));
        } else {
            TreeMap<Long, Double> first = byTp.firstEntry().getValue();
            for (long tokens : first.keySet()) {
                double sx = 0;
                double sy = 0;
                double sxx = 0;
                double sxy = 0;
                int n = 0;
                for (var e : byTp.entrySet()) {
                    Double y = e.getValue().get(tokens);
                    if (y != null) {
                        double x = 1.0 / e.getKey();
                        sx += x;
                        sy += y;
                        sxx += x * x;
                        sxy += x * y;
                        n++;
                    }
                }
                if (n < 2) {
                    continue;
                }
                double b = (n * sxy - sx * sy) / (n * sxx - sx * sx);
                double a = Math.max(0, (sy - b * sx) / n);
                byTokens.put(tokens, a + Math.max(0, b) / tp);
            }
        }
    }

    /** The measured token counts. */
    List<Long> tokens() {
        return List.copyOf(byTokens.keySet());
    }

    Estimate latency(long tokens) {
        Provenance base = measuredTp ? Provenance.MEASURED : Provenance.ESTIMATED;
        Neighbours n = Neighbours.of(byTokens, tokens);
        if (n.exact()) {
            return new Estimate(n.lo().getValue(), base);
        }
        if (n.below()) {
            return new Estimate(n.hi().getValue(), Provenance.ESTIMATED);
        }
        if (n.above()) {
            return new Estimate(n.lo().getValue() * tokens / n.lo().getKey(), Provenance.ESTIMATED);
        }
        return new Estimate(n.linear(), base.worst(Provenance.INTERPOLATED));
    }
}
