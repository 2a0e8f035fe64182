package servesim.profiler.timing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.List;
import servesim.profiler.kernels.Invocation;
import servesim.profiler.power.PowerMeter;

/**
 * Times an operator call the way JMH times a method: warm-up first, then repeated samples, each sample the mean
 * of enough back-to-back calls to last at least {@code minSampleNs} (so a 5 us kernel is not measured against the
 * timer and the JNI return path alone). The cost of a trivial DJL call is measured separately
 * ({@link #callOverheadUs}) and recorded in the profile's metadata rather than subtracted. Every call runs in an
 * {@link NDScope} that frees its temporaries. On a GPU each sample ends by reading one element of the last output,
 * which waits for the device. A point whose spread (p90 - p10) / median exceeds {@code maxDispersion} is measured
 * again, up to {@code maxRetries} times, keeping the tightest attempt.
 */
public final class TimingHarness {
    private final long targetNs;
    private final long minSampleNs;
    private final int minSamples;
    private final int maxSamples;
    private final double maxDispersion;
    private final int maxRetries;
    private final boolean gpu;
    private final PowerMeter power;

    public TimingHarness(long targetNs, long minSampleNs, int minSamples, int maxSamples, double maxDispersion,
                         int maxRetries, boolean gpu, PowerMeter power) {
        this.targetNs = targetNs;
        this.minSampleNs = minSampleNs;
        this.minSamples = minSamples;
        this.maxSamples = maxSamples;
        this.maxDispersion = maxDispersion;
        this.maxRetries = maxRetries;
        this.gpu = gpu;
        this.power = power;
    }

    public Measurement measure(Invocation call) {
        // warm-up: at least 3 calls and ~20% of the target time (first calls at a new shape pay one-time costs)
        long w0 = System.nanoTime();
        int warm = 0;
        while (warm < 3 || (System.nanoTime() - w0 < targetNs / 5 && warm < 50)) {
            once(call);
            warm++;
        }
        // the call's warm cost, from a short burst after warm-up (the warm-up average includes the cold first calls)
        long b0 = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            once(call);
        }
        double single = Math.max(1, (System.nanoTime() - b0) / 5.0);
        int inner = (int) Math.max(1, Math.ceil(minSampleNs / single));
        int samples = (int) Math.max(minSamples, Math.min(maxSamples, targetNs / (inner * single)));
        Measurement best = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            Measurement m = sample(call, samples, inner, attempt);
            if (best == null || m.dispersion() < best.dispersion()) {
                best = m;
            }
            if (m.dispersion() <= maxDispersion) {
                break;
            }
        }
        return best;
    }

    private Measurement sample(Invocation call, int samples, int inner, int attempt) {
        double[] us = new double[samples];
        double e0 = power.available() ? power.energyMicrojoules() : Double.NaN;
        long t0 = System.nanoTime();
        for (int s = 0; s < samples; s++) {
            long a = System.nanoTime();
            for (int i = 0; i < inner; i++) {
                once(call);
            }
            us[s] = (System.nanoTime() - a) / 1e3 / inner;
        }
        long elapsed = System.nanoTime() - t0;
        double e1 = power.available() ? power.energyMicrojoules() : Double.NaN;
        double energyPerCall = (e1 - e0) / ((double) samples * inner);
        double watts = (e1 - e0) / 1e6 / (elapsed / 1e9);
        return stats(us, inner, attempt, watts, energyPerCall);
    }

    /**
     * Times every call of {@code chain} in place: the chain runs as a whole, repeatedly, and each call's own
     * duration is read around it (CPU operators are synchronous, so the clock brackets exactly the call). An
     * operator is thus measured with the caches and allocator in the state its neighbours leave them in a real
     * forward pass, not hot from repeating itself. Each call's temporaries are freed as soon as it returns. Power,
     * where a meter exists, is the mean over the whole chain and is reported for every call; energy per call is
     * left absent since the meter cannot split it.
     */
    public Measurement[] measureChain(List<Invocation> chain) {
        int n = chain.size();
        long w0 = System.nanoTime();
        int warm = 0;
        while (warm < 3 || (System.nanoTime() - w0 < targetNs / 5 && warm < 20)) {
            runChain(chain, null);
            warm++;
        }
        double single = Math.max(1, (System.nanoTime() - w0) / (double) warm);
        int samples = (int) Math.max(minSamples, Math.min(maxSamples, targetNs / single));
        Measurement[] best = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            double[][] us = new double[n][samples];
            double e0 = power.available() ? power.energyMicrojoules() : Double.NaN;
            long t0 = System.nanoTime();
            long[] t = new long[n];
            for (int s = 0; s < samples; s++) {
                runChain(chain, t);
                for (int i = 0; i < n; i++) {
                    us[i][s] = t[i] / 1e3;
                }
            }
            double watts = power.available() ? (power.energyMicrojoules() - e0) / 1e6 / ((System.nanoTime() - t0) / 1e9)
                    : Double.NaN;
            Measurement[] m = new Measurement[n];
            double worst = 0;
            for (int i = 0; i < n; i++) {
                m[i] = stats(us[i], 1, attempt, watts, Double.NaN);
                worst = Math.max(worst, m[i].dispersion());
            }
            if (best == null || worst < maxDispersion(best)) {
                best = m;
            }
            if (worst <= maxDispersion) {
                break;
            }
        }
        return best;
    }

    private static double maxDispersion(Measurement[] m) {
        double w = 0;
        for (Measurement x : m) {
            w = Math.max(w, x.dispersion());
        }
        return w;
    }

    private void runChain(List<Invocation> chain, long[] times) {
        for (int i = 0; i < chain.size(); i++) {
            long a = System.nanoTime();
            try (NDScope scope = new NDScope()) {
                NDArray out = chain.get(i).run();
                if (gpu && out != null) {
                    out.flatten().get(0).toFloatArray();
                }
            }
            if (times != null) {
                times[i] = System.nanoTime() - a;
            }
        }
    }

    private static Measurement stats(double[] us, int inner, int attempt, double watts, double energy) {
        double[] s = us.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0);
        double var = Arrays.stream(s).map(x -> (x - mean) * (x - mean)).sum() / s.length;
        return new Measurement(pct(s, 50), mean, Math.sqrt(var), pct(s, 10), pct(s, 90), s.length, inner, attempt,
                watts, energy);
    }

    private void once(Invocation call) {
        try (NDScope scope = new NDScope()) {
            NDArray out = call.run();
            if (gpu && out != null) {
                out.flatten().get(0).toFloatArray();
            }
        }
    }

    /** Microseconds of one trivial DJL call (a 1-element add): the fixed cost every measured call includes. */
    public double callOverheadUs(NDManager m) {
        NDArray one = m.ones(new Shape(1));
        Measurement x = measure(() -> one.add(1));
        return x.medianUs();
    }

    static double pct(double[] sorted, double q) {
        double pos = q / 100 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        return i >= sorted.length - 1 ? sorted[sorted.length - 1] : sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
    }
}
