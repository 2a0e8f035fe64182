package servesim.simulator.metrics;

import java.util.Arrays;

/**
 * Mean, median, standard deviation and percentiles of a sample, computed as {@code vllm bench serve} does
 * (numpy's default linear-interpolation percentile; population standard deviation).
 */
public record Distribution(int count, double mean, double median, double std, double p90, double p95, double p99) {
    public static final Distribution EMPTY = new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN);

    public static Distribution of(double[] values) {
        if (values.length == 0) {
            return EMPTY;
        }
        double[] s = values.clone();
        Arrays.sort(s);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        double mean = sum / s.length;
        double var = 0;
        for (double v : s) {
            var += (v - mean) * (v - mean);
        }
        return new Distribution(s.length, mean, percentile(s, 50), Math.sqrt(var / s.length), percentile(s, 90),
                percentile(s, 95), percentile(s, 99));
    }

    /** numpy.percentile(sorted, q) with linear interpolation. */
    public static double percentile(double[] sorted, double q) {
        double pos = q / 100.0 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
    }
}
