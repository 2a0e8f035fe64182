package servesim.formats.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * How a workload is offered, on top of its own requests, as {@code vllm bench serve} offers a dataset:
 * <ul>
 *   <li>{@code requestRate}: arrivals (of lone requests and of agentic sessions' first turns) re-timed at this rate
 *       (per second): the first at 0, then gaps drawn
 *       from a gamma distribution of shape {@code burstiness} and mean {@code 1 / rate} (burstiness 1 is a Poisson
 *       process; below 1 burstier, above 1 more regular); infinite: every request at 0. NaN keeps the workload's
 *       own arrivals;</li>
 *   <li>{@code rateScale}: a trace's timeline compressed ({@code > 1}, a higher rate) or stretched ({@code < 1})
 *       about its first arrival, keeping its shape;</li>
 *   <li>{@code maxConcurrency}: at most this many requests in flight at the client (a closed loop); a request
 *       waits for a free slot and is sent, and timed, from then. 0 for none.</li>
 * </ul>
 *
 * @param seed seeds the re-timed gaps (the scenario's seed)
 */
public record LoadSpec(double requestRate, double burstiness, double rateScale, int maxConcurrency, long seed) {
    /** The workload as it is. */
    public static final LoadSpec NONE = new LoadSpec(Double.NaN, 1, 1, 0, 0);

    public LoadSpec {
        if (!(Double.isNaN(requestRate) || requestRate > 0) || !(burstiness > 0) || Double.isInfinite(burstiness)
                || !(rateScale > 0) || Double.isInfinite(rateScale) || maxConcurrency < 0) {
            throw new IllegalArgumentException("request_rate > 0 (or inf), burstiness > 0, rate_scale > 0, "
                    + "max_concurrency >= 0");
        }
    }

    /** This load at another request rate (capacity search, sweeps). */
    public LoadSpec atRate(double rate) {
        return new LoadSpec(rate, burstiness, rateScale, maxConcurrency, seed);
    }

    /** Whether arrivals are re-timed at a set rate. */
    public boolean retimed() {
        return !Double.isNaN(requestRate);
    }

    /** {@code requests} with their arrivals re-timed or rescaled (ids, lengths and order kept). */
    public List<WorkloadRequest> apply(List<WorkloadRequest> requests) {
        if (!retimed() && rateScale == 1) {
            return requests;
        }
        List<WorkloadRequest> out = new ArrayList<>(requests.size());
        SplittableRandom rnd = new SplittableRandom(seed);
        long first = requests.isEmpty() ? 0 : requests.get(0).arrivalNs();
        double t = 0;
        int roots = 0;
        long rootArrival = 0;
        for (WorkloadRequest r : requests) {
            long arrival;
            if (r.session() != null && r.session().released()) {
                arrival = rootArrival; // a later turn of a session is sent when released; it keeps its session's
            } else if (retimed()) {
                if (roots++ > 0 && !Double.isInfinite(requestRate)) {
                    t += gamma(rnd, burstiness) / (burstiness * requestRate);
                }
                arrival = Math.round(t / rateScale * servesim.models.Units.NS_PER_S);
            } else {
                arrival = first + Math.round((r.arrivalNs() - first) / rateScale);
            }
            if (r.session() == null || !r.session().released()) {
                rootArrival = arrival;
            }
            out.add(r.at(arrival));
        }
        return out;
    }

    /**
     * A gamma(shape, 1) draw (Marsaglia and Tsang; for shape below 1 boosted by {@code U^(1/shape)}), so the gap
     * {@code gamma(shape, 1) / (shape rate)} has mean {@code 1 / rate}.
     */
    static double gamma(SplittableRandom rnd, double shape) {
        if (shape < 1) {
            return gamma(rnd, shape + 1) * Math.pow(1 - rnd.nextDouble(), 1 / shape);
        }
        if (shape == 1) {
            return -Math.log(1 - rnd.nextDouble());
        }
        double d = shape - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double x;
            double v;
            do {
                x = normal(rnd);
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            double u = 1 - rnd.nextDouble();
            if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }

    private static double normal(SplittableRandom rnd) {
        double u1 = 1 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }
}
