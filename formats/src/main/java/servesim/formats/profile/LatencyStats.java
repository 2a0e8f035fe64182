package servesim.formats.profile;

/**
 * Latency statistics of one measured point, in microseconds. Only the median is required: importers of tools
 * that publish one figure store it there and leave the rest null. Auxiliary rows that carry no latency (skew fit
 * buckets) have a NaN median, made only through {@link #none}.
 */
public record LatencyStats(double medianUs, Double meanUs, Double stdUs, Double p10Us, Double p90Us,
                           Integer samples) {
    public LatencyStats {
        if (!Double.isNaN(medianUs) && (medianUs < 0 || Double.isInfinite(medianUs))) {
            throw new IllegalArgumentException("median latency must be a finite number >= 0, got " + medianUs);
        }
    }

    /** No latency: an auxiliary row with only a sample count. */
    public static LatencyStats none(Integer samples) {
        return new LatencyStats(Double.NaN, null, null, null, null, samples);
    }

    /** A single published figure with no dispersion information. */
    public static LatencyStats single(double us) {
        return new LatencyStats(us, null, null, null, null, null);
    }
}
