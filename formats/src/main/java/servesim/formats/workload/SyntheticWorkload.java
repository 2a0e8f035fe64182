package servesim.formats.workload;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import servesim.models.Units;

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
 * @param prefixGroups  number of distinct shared prefixes (system prompts); 0 for none. With groups, every request
 *                      gets token ids: one group's prefix (chosen uniformly) followed by ids unique to the request
 * @param prefixTokens  length of each shared prefix, tokens (prompts are at least this long plus one)
 */
public record SyntheticWorkload(int requests, double ratePerSec, double inputMedian, double inputSigma,
                                int inputMax, double outputMedian, double outputSigma, int outputMax, long seed,
                                int prefixGroups, int prefixTokens) implements WorkloadGenerator {
    public SyntheticWorkload {
        if (requests < 1 || !(ratePerSec > 0) || !(inputMedian >= 1) || !(outputMedian >= 1) || inputSigma < 0
                || outputSigma < 0 || inputMax < 1 || outputMax < 1 || prefixGroups < 0 || prefixTokens < 0
                || (prefixGroups > 0) != (prefixTokens > 0) || prefixTokens >= inputMax) {
            throw new IllegalArgumentException("synthetic workload parameters out of range");
        }
    }

    /** Without shared prefixes. */
    public SyntheticWorkload(int requests, double ratePerSec, double inputMedian, double inputSigma, int inputMax,
                             double outputMedian, double outputSigma, int outputMax, long seed) {
        this(requests, ratePerSec, inputMedian, inputSigma, inputMax, outputMedian, outputSigma, outputMax, seed, 0, 0);
    }

    @Override
    public String key() {
        return "synthetic";
    }

    @Override
    public java.util.Map<String, Object> asSettings() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("requests", requests);
        m.put("rate", ratePerSec);
        m.put("input_median", inputMedian);
        m.put("input_sigma", inputSigma);
        m.put("input_max", inputMax);
        m.put("output_median", outputMedian);
        m.put("output_sigma", outputSigma);
        m.put("output_max", outputMax);
        m.put("seed", seed);
        m.put("prefix_groups", prefixGroups);
        m.put("prefix_tokens", prefixTokens);
        return m;
    }

    public List<WorkloadRequest> generate() {
        return generate(requests);
    }

    @Override
    public List<WorkloadRequest> generate(int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<WorkloadRequest> out = new ArrayList<>(n);
        double t = 0;
        for (int i = 0; i < n; i++) {
            t += -Math.log(1 - rnd.nextDouble()) / ratePerSec;
            int in = logNormal(rnd, inputMedian, inputSigma, inputMax);
            int o = logNormal(rnd, outputMedian, outputSigma, outputMax);
            int[] ids = null;
            if (prefixGroups > 0) {
                in = Math.max(in, prefixTokens + 1);
                ids = ids(rnd.nextInt(prefixGroups), i, in);
            }
            out.add(new WorkloadRequest(Math.round(t * Units.NS_PER_S), in, o, ids, null));
        }
        return out;
    }

    /** Group {@code g}'s prefix ids, then ids that no other request uses. */
    private int[] ids(int g, int request, int length) {
        int[] ids = new int[length];
        for (int k = 0; k < length; k++) {
            ids[k] = k < prefixTokens ? 1_000_000 * (g + 1) + k : Integer.MIN_VALUE / 2 + request * 8192 + k;
        }
        return ids;
    }

    static int logNormal(SplittableRandom rnd, double median, double sigma, int max) {
        double u1 = 1 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
        long v = Math.round(median * Math.exp(sigma * z));
        return (int) Math.max(1, Math.min(max, v));
    }
}
