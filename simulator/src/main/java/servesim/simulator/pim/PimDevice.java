package servesim.simulator.pim;

import servesim.formats.pim.PimSpec;
import servesim.models.Units;

/**
 * The performance of one PIM channel, derived from its ini figures (see {@code docs/pim.md}).
 *
 * <p>Each bank has a processing unit ({@code pim_type SINGLE}); an all-bank command sweeps one row of every bank of
 * a rank at once: activate ({@code tRCD}), stream the row's bursts one per {@code tCCD_L}, precharge
 * ({@code tRP}). Ranks share the channel's command bus, so they add capacity, not bandwidth. Refresh takes
 * {@code tRFC} out of every {@code tREFI}. Data that leaves the PIM (queries in, scores out for the softmax,
 * results out) crosses the channel's external bus at {@code bus_width x data_rate}.
 *
 * @param spec                the device file
 * @param capacityBytes       bytes per channel: whole ranks, at least one
 * @param streamBytesPerNs    bytes per ns the banks' processing units read together, after row and refresh overhead
 * @param externalBytesPerNs  the channel bus, bytes per ns
 * @param readLatencyNs       {@code CL x tCK}
 */
public record PimDevice(PimSpec spec, long capacityBytes, double streamBytesPerNs, double externalBytesPerNs,
                        double readLatencyNs) {

    public static PimDevice of(PimSpec s) {
        long rowBytes = rowBytes(s);
        long rankBytes = rankBytes(s);
        long ranks = Math.max(1, (long) Math.floor(s.channelMiB() * Units.MIB / rankBytes));
        long sweepCycles = s.trcd() + (long) (s.columns() / s.burstLength()) * s.tccdL() + s.trp();
        double refresh = 1.0 - (double) s.trfc() / s.trefi();
        double stream = s.banks() * (double) rowBytes / (sweepCycles * s.tckNs()) * refresh;
        double external = s.busWidth() / 8.0 * s.dataRateMts() / 1000.0;
        return new PimDevice(s, ranks * rankBytes, stream, external, s.cl() * s.tckNs());
    }

    /** One row of one bank, across the rank's devices. */
    private static long rowBytes(PimSpec s) {
        return (long) s.columns() * s.busWidth() / 8;
    }

    /** One rank: every row of every bank. */
    public static long rankBytes(PimSpec s) {
        return rowBytes(s) * s.rows() * s.banks();
    }

    /** Ranks per channel. */
    public long ranks() {
        return capacityBytes / rankBytes(spec);
    }

    /**
     * One decode request's attention for one layer on one channel, ns: {@code queryHeads} query heads over
     * {@code kvHeads} KV heads of a {@code kvLen}-token context, {@code headDim} wide, {@code bytes} per element.
     * <pre>
     *   t = 2 CL tCK                                      (the QK and SV passes each wait one read latency)
     *     + (2 g d b + 2 h d b + 2 h L b) / external      (new K,V written; query in, result out; scores out and
     *                                                     probabilities back in for the host-side softmax)
     *     + 2 h L d b / stream                            (every query head streams its K and V rows)
     * </pre>
     * Query heads sharing a KV head (GQA) each stream it: a bank's unit multiplies one input vector at a time.
     */
    public double attentionNs(int queryHeads, int kvHeads, long kvLen, int headDim, double bytes) {
        double external = 2.0 * kvHeads * headDim * bytes + 2.0 * queryHeads * headDim * bytes
                + 2.0 * queryHeads * kvLen * bytes;
        double streamed = 2.0 * queryHeads * kvLen * headDim * bytes;
        return 2 * readLatencyNs + external / externalBytesPerNs + streamed / streamBytesPerNs;
    }

    /** Idle power of one channel, W. */
    public double idleW() {
        return spec.idleMw() / 1000.0;
    }

    /** Power of one channel while it computes, W. */
    public double peakW() {
        return spec.peakMw() / 1000.0;
    }
}
