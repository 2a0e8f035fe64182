package servesim.simulator.metrics;

import org.HdrHistogram.Histogram;
import servesim.models.Units;

/**
 * Every inter-token gap of a run, in constant memory: an HdrHistogram at three significant digits (a percentile is
 * the middle of its bucket, within 0.05% of the exact one) plus the exact count, sum and sum of squares, so the
 * mean and standard deviation are exact. (TTFT, TPOT and end-to-end percentiles are over requests and stay exact, as vLLM computes them.)
 * Memory: a few hundred KiB whatever the run's length, where keeping every gap cost 8 to 16 bytes per output token.
 */
public final class ItlRecorder {
    private final Histogram histogram = new Histogram(3);
    private long count;
    private double sum;
    private double sumSquares;

    public void add(long gapNs) {
        histogram.recordValue(Math.max(0, gapNs));
        count++;
        double ms = gapNs / Units.NS_PER_MS;
        sum += ms;
        sumSquares += ms * ms;
    }

    public long count() {
        return count;
    }

    /** The distribution in milliseconds (percentiles from the histogram, within 0.05%). */
    public Distribution distribution() {
        if (count == 0) {
            return Distribution.EMPTY;
        }
        double mean = sum / count;
        double var = Math.max(0, sumSquares / count - mean * mean);
        return new Distribution((int) Math.min(Integer.MAX_VALUE, count), mean, pct(50), Math.sqrt(var), pct(90),
                pct(95), pct(99));
    }

    private double pct(double p) {
        return histogram.medianEquivalentValue(histogram.getValueAtPercentile(p)) / Units.NS_PER_MS;
    }
}
