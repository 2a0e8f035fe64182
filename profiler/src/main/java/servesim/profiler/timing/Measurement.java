package servesim.profiler.timing;

/**
 * The timing of one point, microseconds per call.
 *
 * @param medianUs   median over samples
 * @param meanUs     mean over samples
 * @param stdUs      standard deviation over samples
 * @param p10Us      10th percentile
 * @param p90Us      90th percentile
 * @param samples    timed samples (each the mean of {@code innerReps} back-to-back calls)
 * @param innerReps  calls per sample
 * @param retries    re-measurements because dispersion was too high
 * @param powerW     mean power while timed, NaN where the device exposes none
 * @param energyUj   energy per call, NaN where not measured
 */
public record Measurement(double medianUs, double meanUs, double stdUs, double p10Us, double p90Us, int samples,
                          int innerReps, int retries, double powerW, double energyUj) {

    /** Spread (p90 - p10) relative to the median. */
    public double dispersion() {
        return medianUs > 0 ? (p90Us - p10Us) / medianUs : 0;
    }
}
