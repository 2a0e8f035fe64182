package servesim.simulator.metrics;

import java.util.List;
import servesim.formats.results.RequestRecord;
import servesim.models.Units;

/**
 * The run's headline numbers, as {@code vllm bench serve} reports them: counts, throughputs and the distributions
 * of TTFT, TPOT, ITL and end-to-end latency (ms). TTFT and E2EL run from the request's arrival (what a client
 * measures); TPOT excludes single-token outputs. {@code engineTtftMs} and {@code engineE2elMs} run from the engine's
 * queueing of the request instead, as vLLM's request stats log them (the first engine to queue it, under
 * disaggregation the prefill instance).
 *
 * @param completed            requests finished
 * @param totalInputTokens     prompt tokens
 * @param totalOutputTokens    generated tokens
 * @param duration             first arrival to last finish, s
 * @param requestThroughput    requests per second
 * @param outputThroughput     output tokens per second
 * @param totalTokenThroughput prompt and output tokens per second
 * @param failed               requests that failed (the simulated engine never fails one: 0)
 * @param maxOutputTokensPerS  most output tokens in one second since the first send (vLLM's per-second buckets)
 * @param maxConcurrentRequests most requests in flight in one second (vLLM's per-second buckets)
 * @param goodput              goodput against the scenario's objectives, or null without them
 */
public record RunSummary(int completed, long totalInputTokens, long totalOutputTokens, double duration,
                         double requestThroughput, double outputThroughput, double totalTokenThroughput,
                         Distribution ttftMs, Distribution tpotMs, Distribution itlMs, Distribution e2elMs,
                         Distribution engineTtftMs, Distribution engineE2elMs, int failed,
                         double maxOutputTokensPerS, double maxConcurrentRequests, GoodputReport goodput) {

    /** Summary of {@code records}; {@code itl} holds every inter-token gap of every request. */
    public static RunSummary of(List<RequestRecord> records, ItlRecorder itl) {
        return of(records, itl, Double.NaN, null);
    }

    /**
     * Summary of {@code records}; {@code itl} holds every inter-token gap of every request,
     * {@code maxOutputTokensPerS} comes from {@link PeakRates}; {@code goodput} may be null.
     */
    public static RunSummary of(List<RequestRecord> records, ItlRecorder itl, double maxOutputTokensPerS,
                                servesim.formats.scenario.GoodputSpec goodput) {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        long in = 0;
        long out = 0;
        double[] ttft = new double[records.size()];
        double[] e2e = new double[records.size()];
        double[] engineTtft = new double[records.size()];
        double[] engineE2e = new double[records.size()];
        double[] tpot = new double[(int) records.stream().filter(r -> r.outputTokens() > 1).count()];
        int t = 0;
        for (int i = 0; i < records.size(); i++) {
            RequestRecord r = records.get(i);
            start = Math.min(start, r.arrivalNs());
            end = Math.max(end, r.finishNs());
            in += r.inputTokens();
            out += r.outputTokens();
            ttft[i] = r.ttftNs() / Units.NS_PER_MS;
            e2e[i] = r.e2eNs() / Units.NS_PER_MS;
            engineTtft[i] = (r.firstTokenNs() - r.queuedNs()) / Units.NS_PER_MS;
            engineE2e[i] = (r.finishNs() - r.queuedNs()) / Units.NS_PER_MS;
            if (r.outputTokens() > 1) {
                tpot[t++] = r.tpotNs() / Units.NS_PER_MS;
            }
        }
        double durationS = records.isEmpty() ? 0 : (end - start) / Units.NS_PER_S;
        return new RunSummary(records.size(), in, out, durationS, records.size() / durationS, out / durationS,
                (in + out) / durationS, Distribution.of(ttft), Distribution.of(tpot), itl.distribution(),
                Distribution.of(e2e), Distribution.of(engineTtft), Distribution.of(engineE2e), 0,
                maxOutputTokensPerS, maxConcurrent(records, start),
                goodput == null || records.isEmpty() ? null : GoodputReport.of(goodput, records, durationS));
    }

    /**
     * The most requests in flight in one whole second since the first send: each request counts in every second
     * from its send to its finish (vLLM's {@code max_concurrent_requests}).
     */
    static double maxConcurrent(List<RequestRecord> records, long startNs) {
        if (records.isEmpty()) {
            return 0;
        }
        long s = (long) Units.NS_PER_S;
        int seconds = 0;
        for (RequestRecord r : records) {
            seconds = Math.max(seconds, (int) ((r.finishNs() - startNs) / s) + 2);
        }
        int[] delta = new int[seconds];
        for (RequestRecord r : records) {
            delta[(int) ((r.arrivalNs() - startNs) / s)]++;
            delta[(int) ((r.finishNs() - startNs) / s) + 1]--;
        }
        int now = 0;
        int max = 0;
        for (int d : delta) {
            now += d;
            max = Math.max(max, now);
        }
        return max;
    }
}
