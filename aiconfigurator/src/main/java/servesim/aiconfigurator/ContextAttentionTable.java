package servesim.aiconfigurator;

import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import servesim.models.InputException;

/**
 * AIConfigurator's measured prefill attention ({@code context_attention_perf}: full causal prefill of
 * {@code batch_size} sequences of {@code isl} tokens, no prefix) for one rank's head shape, read at batch 1: one
 * chunk of {@code c} tokens over a KV prefix of {@code p} costs a causal prefill of {@code s = c + p} tokens times
 * {@code (s² - p²) / s²} (AIConfigurator's prefix correction: the share of the causal square the chunk computes).
 * Between measured lengths the latency blends in sqrt space (AIConfigurator's rule, attention being quadratic);
 * beyond the longest measured length the utilisation there is held (latency grows with the causal work,
 * {@code s (s + 1) / 2}).
 *
 * <p>The prefix correction counts only the work. A short chunk over a long prefix is bound instead by its query
 * tiles, each of which walks all {@code s} keys on one SM while most SMs idle; LLMServingSim, which times vLLM's
 * kernel on such chunks, sees a 16-token chunk over 8192 cached tokens take as long as over 16 (RTX PRO 6000:
 * 187 us vs the correction's 10). AIConfigurator measured that walk too: a one-head causal prefill of {@code s}
 * tokens (its last query tile walks all {@code s} keys, and its tiles run side by side) took 172.6 us at 8192.
 * So a point is raised, and marked floored, to the largest of: that one-head prefill of {@code s} tokens (linear
 * in {@code s} past the longest measured), the chunk's own prefill without prefix, and the time its bytes (KV read
 * and written, queries and outputs) take at the device's peak memory bandwidth.
 */
final class ContextAttentionTable {
    private final TreeMap<Long, Double> byIsl = new TreeMap<>();
    private final TreeMap<Long, Double> oneHead = new TreeMap<>();
    private final double headScale;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final double memBw;

    /** @param memBw peak device memory bandwidth, B/s */
    ContextAttentionTable(ParquetSource src, Path file, int heads, int kvHeads, int headDim, String kvDtype,
                          double memBw) {
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.memBw = memBw;
        String common = "batch_size = 1 AND head_dim = " + headDim + " AND kv_cache_dtype = "
                + ParquetSource.quote(kvDtype) + " AND attn_dtype = 'bfloat16'" + windowFilter(src, file);
        String where = common + " AND num_key_value_heads = " + kvHeads;
        ParquetSource.Table t = src.select(file, List.of("num_heads", "isl", "latency"), where);
        int nearest = HeadChoice.nearest(t, heads, file, "context attention", kvHeads, headDim, kvDtype);
        headScale = (double) heads / nearest;
        for (Object[] r : ParquetSource.firstPerKey(t, List.of("num_heads", "isl"))) {
            if ((Long) r[0] == nearest) {
                byIsl.put((Long) r[1], (Double) r[2] * 1000.0);
            }
        }
        String single = common + " AND num_heads = 1 AND num_key_value_heads = 1";
        for (Object[] r : ParquetSource.firstPerKey(src.select(file, List.of("isl", "latency"), single),
                List.of("isl"))) {
            oneHead.put((Long) r[0], (Double) r[1] * 1000.0);
        }
        if (byIsl.isEmpty()) {
            throw new InputException(file, null, "no batch-1 rows for this head shape.", "check the table.");
        }
    }

    /** Full attention only: the tables that also measured sliding windows say so in {@code window_size}. */
    static String windowFilter(ParquetSource src, Path file) {
        return src.columns(file).contains("window_size") ? " AND window_size = 0" : "";
    }

    /** One prefill chunk of {@code chunk} tokens over a KV prefix of {@code prefix} tokens. */
    Estimate latency(long chunk, long prefix) {
        long s = chunk + prefix;
        Estimate full = causal(s);
        if (prefix == 0) {
            return full;
        }
        double share = ((double) s * s - (double) prefix * prefix) / ((double) s * s);
        Estimate corrected = full.times(share, Provenance.INTERPOLATED);
        double bytes = 2.0 * 2 * kvHeads * headDim * (s + chunk) + 2.0 * 2 * heads * headDim * chunk;
        double floor = Math.max(Math.max(causal(chunk).us(), bytes / memBw * 1e6), tileWalk(s));
        return corrected.us() >= floor ? corrected : new Estimate(floor, corrected.provenance().worst(Provenance.FLOORED));
    }

    /** The one-head causal prefill of {@code s} tokens: the time one query tile takes to walk {@code s} keys. */
    private double tileWalk(long s) {
        if (oneHead.isEmpty()) {
            return 0;
        }
        Neighbours n = Neighbours.of(oneHead, s);
        return n.exact() ? n.lo().getValue() : n.below() ? n.hi().getValue()
                : n.above() ? n.lo().getValue() * s / n.lo().getKey() : n.linear();
    }

    private Estimate causal(long s) {
        Provenance scaled = headScale == 1.0 ? Provenance.MEASURED : Provenance.ESTIMATED;
        Neighbours n = Neighbours.of(byIsl, s);
        if (n.exact()) {
            return new Estimate(n.lo().getValue() * headScale, scaled);
        }
        if (n.below()) {
            return new Estimate(n.hi().getValue() * headScale, Provenance.ESTIMATED);
        }
        if (n.above()) {
            long last = n.lo().getKey();
            double work = (double) s * (s + 1) / ((double) last * (last + 1));
            return new Estimate(n.lo().getValue() * work * headScale, Provenance.ESTIMATED);
        }
        double root = Math.sqrt(n.lo().getValue()) + n.fraction() * (Math.sqrt(n.hi().getValue())
                - Math.sqrt(n.lo().getValue()));
        return new Estimate(root * root * headScale, scaled.worst(Provenance.INTERPOLATED));
    }
}
