package servesim.formats.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A synthetic workload: Poisson arrivals at {@code ratePerSec}, prompt and output lengths drawn from log-normal
 * distributions (the shape conversational traces such as ShareGPT show: a long right tail), clipped to
 * [1, max]. All parameters are the user's; nothing is calibrated. Same spec and seed give the same requests.
 *
 * @param requests      number of requests
 * @param ratePerSec    mean arrival rate (requests per second); arrivals are a Poisson process
 * @param inputMedian   median prompt length, tokens
 * @param inputSigma    log-normal sigma of prompt length
 * @param inputMax      longest prompt
 * @param outputMedian  median output length, tokens
 * @param outputSigma   log-normal sigma of output length
 * @param outputMax     longest output
 * @param seed          random seed
 */
public record SyntheticWorkload(int requests, double ratePerSec, double inputMedian, double inputSigma,
                                int inputMax, double outputMedian, double outputSigma, int outputMax, long seed) {
    public SyntheticWorkload {
        if (requests < 1 || !(ratePerSec > 0) || !(inputMedian >= 1) || !(outputMedian >= 1) || inputSigma < 0
                || outputSigma < 0 || inputMax < 1 || outputMax < 1) {
            throw new IllegalArgumentException("synthetic workload parameters out of range");
        }
    }

    public List<WorkloadRequest> generate() {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<WorkloadRequest> out = new ArrayList<>(requests);
        double t = 0;
        for (int i = 0; i < requests; i++) {
            t += -Math.log(1 - rnd.nextDouble()) / ratePerSec;
            int in = logNormal(rnd, inputMedian, inputSigma, inputMax);
            int o = logNormal(rnd, outputMedian, outputSigma, outputMax);
            out.add(new WorkloadRequest(Math.round(t * 1e9), in, o, null, null));
        }
        return out;
    }

    private static int logNormal(SplittableRandom rnd, double median, double sigma, int max) {
        double u1 = 1 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        long v = Math.round(median * Math.exp(sigma * z));
        return (int) Math.max(1, Math.min(max, v));
    }
}
