package servesim.aiconfigurator;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * AIConfigurator's measured decode attention ({@code generation_attention_perf}: one new token for each of
 * {@code batch_size} sequences over a KV cache of {@code isl + step} tokens) for one rank's head shape. Measured
 * points are returned as they are and points between measured KV lengths are linear. The collector stopped at
 * about 262k cached tokens per call (batch x KV length); beyond the last measured KV length of a batch (or the
 * largest measured batch) the bandwidth utilisation there is held: latency grows with the bytes decode attention
 * reads, the KV cache plus the queries and outputs.
 *
 * <p>Every point is then held at or above the time the call's bytes take at the device's peak memory bandwidth
 * (its speed of light, as AIConfigurator clamps GEMMs): the collector times one kernel replayed on one KV cache,
 * which stays in L2 when it fits (up to 2.4 TB/s implied on a 1.8 TB/s RTX PRO 6000), while in vLLM's forward pass
 * the weights of the other operators stream through L2 between two layers' attention calls.
 */
final class GenerationAttentionTable {
    private final TreeMap<Long, TreeMap<Long, Double>> byBatch = new TreeMap<>();
    private final double headScale;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final double kvBytes;
    private final double memBw;

    /** @param memBw peak device memory bandwidth, B/s */
    GenerationAttentionTable(ParquetSource src, Path file, int heads, int kvHeads, int headDim, String kvDtype,
                             double kvBytes, double memBw) {
        this.memBw = memBw;
        this.heads = heads;
        this.kvHeads = kvHeads;
        this.headDim = headDim;
        this.kvBytes = kvBytes;
        String where = "head_dim = " + headDim + " AND num_key_value_heads = " + kvHeads
                + " AND kv_cache_dtype = " + ParquetSource.quote(kvDtype);
        ParquetSource.Table t = src.select(file, List.of("num_heads", "batch_size", "isl", "step", "latency"), where);
        int nearest = HeadChoice.nearest(t, heads, file, "decode attention", kvHeads, headDim, kvDtype);
        headScale = (double) heads / nearest;
        for (Object[] r : ParquetSource.firstPerKey(t, List.of("num_heads", "batch_size", "isl", "step"))) {
            if ((Long) r[0] == nearest) {
                byBatch.computeIfAbsent((Long) r[1], b -> new TreeMap<>()).put((Long) r[2] + (Long) r[3],
                        (Double) r[4] * 1000.0);
            }
        }
    }

    /** The measured batch sizes. */
    List<Long> batches() {
        return List.copyOf(byBatch.keySet());
    }

    /** The measured KV lengths (over all batches). */
    List<Long> kvLengths() {
        java.util.TreeSet<Long> kv = new java.util.TreeSet<>();
        byBatch.values().forEach(m -> kv.addAll(m.keySet()));
        return List.copyOf(kv);
    }

    Estimate latency(long batch, long kv) {
        Provenance base = headScale == 1.0 ? Provenance.MEASURED : Provenance.ESTIMATED;
        TreeMap<Long, Double> row = byBatch.get(batch);
        long rowBatch = batch;
        if (row == null) {
            Map.Entry<Long, TreeMap<Long, Double>> e = byBatch.floorEntry(batch);
            if (e == null) {
                e = byBatch.ceilingEntry(batch);
            }
            rowBatch = e.getKey();
            row = e.getValue();
            base = Provenance.ESTIMATED;
        }
        Neighbours n = Neighbours.of(row, kv);
        Estimate at;
        if (n.exact()) {
            at = new Estimate(n.lo().getValue(), base);
        } else if (n.below()) {
            at = new Estimate(n.hi().getValue(), Provenance.ESTIMATED);
        } else if (n.above()) {
            at = new Estimate(n.lo().getValue() * bytes(rowBatch, kv) / bytes(rowBatch, n.lo().getKey()),
                    Provenance.ESTIMATED);
        } else {
            at = new Estimate(n.linear(), base.worst(Provenance.INTERPOLATED));
        }
        double batchScale = rowBatch == batch ? 1.0 : bytes(batch, kv) / bytes(rowBatch, kv);
        double us = at.us() * batchScale * headScale;
        double floor = bytes(batch, kv) / memBw * 1e6;
        return us >= floor ? new Estimate(us, at.provenance())
                : new Estimate(floor, at.provenance().worst(Provenance.FLOORED));
    }

    /** Bytes one decode-attention call moves: the KV cache read plus each query and output row. */
    private double bytes(long batch, long kv) {
        return batch * ((double) kv * kvHeads * headDim * 2 * kvBytes + 2.0 * heads * headDim * 2);
    }
}
