package servesim.simulator.pim;

import java.util.Arrays;
import servesim.models.Units;

/**
 * Decode attention of one instance offloaded to its share of a node's PIM channels (LLMServingSim's
 * {@code pim_config} with attention offloading), per decoder layer.
 *
 * <ul>
 *   <li>A request's KV heads spread over {@code split = min(channels, kv heads)} channels, so its attention takes
 *       the time of the channel with the most heads; the channels form {@code channels / split} groups that each
 *       serve whole requests. Requests go to groups longest first, each to the least loaded group, and the layer
 *       waits for the busiest group.</li>
 *   <li>Every layer moves data between the accelerator and the PIM memory over the instance's host links
 *       (per-device link bandwidth times the devices, capped by the channels' buses): each decode's query and new
 *       K and V in and its result out; each prefill chunk's new KV in (the KV cache lives in PIM memory) and the
 *       KV of its earlier context out, since the accelerator computes prefill attention. Each direction that
 *       carries bytes pays the link latency. Transfers are not overlapped with compute.</li>
 * </ul>
 */
public final class PimAttention {
    private final PimDevice device;
    private final int channels;
    private final int split;
    private final int queryHeadsPerChannel;
    private final int kvHeadsPerChannel;
    private final int numHeads;
    private final int numKvHeads;
    private final int headDim;
    private final double bytes;
    private final double hostBytesPerNs;
    private final double hostLatencyNs;
    private final boolean interleave;
    private final double[] load;
    private double lastChannelNs;

    /**
     * @param channels        channels this instance uses
     * @param hostBytesPerSec accelerator-to-memory bandwidth of the instance (all its devices' links)
     * @param hostLatencyNs   the links' latency
     * @param interleave      whether batches split into two sub-batches that alternate between the accelerator
     *                        and the PIM ({@code enable_sub_batch_interleaving})
     */
    public PimAttention(PimDevice device, int channels, int numHeads, int numKvHeads, int headDim, double bytes,
                        double hostBytesPerSec, double hostLatencyNs, boolean interleave) {
        if (channels < 1) {
            throw new IllegalArgumentException("PIM attention needs at least one channel");
        }
        this.device = device;
        this.channels = channels;
        this.split = Math.min(channels, numKvHeads);
        this.kvHeadsPerChannel = (numKvHeads + split - 1) / split;
        this.queryHeadsPerChannel = kvHeadsPerChannel * (numHeads / numKvHeads);
        this.numHeads = numHeads;
        this.numKvHeads = numKvHeads;
        this.headDim = headDim;
        this.bytes = bytes;
        this.hostBytesPerNs = Math.min(hostBytesPerSec / Units.NS_PER_S, channels * device.externalBytesPerNs());
        this.hostLatencyNs = hostLatencyNs;
        this.interleave = interleave;
        this.load = new double[channels / split];
    }

    /** One request's attention for one layer at KV length {@code kvLen}, ns. */
    public double requestNs(long kvLen) {
        return device.attentionNs(queryHeadsPerChannel, kvHeadsPerChannel, kvLen, headDim, bytes);
    }

    /**
     * One layer's decode attention for the decodes whose KV lengths are {@code kvLens[0..count)} (reordered in
     * place), ns: the busiest channel group after longest-first assignment. Also records the channels' busy time.
     */
    public double decodeNs(long[] kvLens, int count) {
        lastChannelNs = 0;
        if (count == 0) {
            return 0;
        }
        Arrays.sort(kvLens, 0, count);
        Arrays.fill(load, 0);
        double busiest = 0;
        for (int i = count - 1; i >= 0; i--) {
            int g = 0;
            for (int j = 1; j < load.length; j++) {
                if (load[j] < load[g]) {
                    g = j;
                }
            }
            double t = requestNs(kvLens[i]);
            load[g] += t;
            lastChannelNs += t * split;
            busiest = Math.max(busiest, load[g]);
        }
        return busiest;
    }

    /** Channel-nanoseconds of computing in the last {@link #decodeNs} call (for energy). */
    public double lastChannelNs() {
        return lastChannelNs;
    }

    /**
     * The layer's accelerator-PIM traffic time, ns, for {@code decodes} decodes, {@code prefillTokens} new
     * prefill tokens and {@code prefillContext} tokens of earlier context those chunks attend to.
     */
    public double transferNs(long decodes, long prefillTokens, long prefillContext) {
        return direction(bytesIn(decodes, prefillTokens)) + direction(bytesOut(decodes, prefillContext));
    }

    /** The layer's accelerator-PIM traffic in bytes, both directions (for link energy). */
    public double transferBytes(long decodes, long prefillTokens, long prefillContext) {
        return bytesIn(decodes, prefillTokens) + bytesOut(decodes, prefillContext);
    }

    private double bytesIn(long decodes, long prefillTokens) {
        return decodes * (double) (numHeads + 2 * numKvHeads) * headDim * bytes
                + prefillTokens * 2.0 * numKvHeads * headDim * bytes;
    }

    private double bytesOut(long decodes, long prefillContext) {
        return decodes * (double) numHeads * headDim * bytes + prefillContext * 2.0 * numKvHeads * headDim * bytes;
    }

    private double direction(double b) {
        return b > 0 ? hostLatencyNs + b / hostBytesPerNs : 0;
    }

    public boolean interleave() {
        return interleave;
    }
}
