package servesim.simulator.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import servesim.formats.results.RequestRecord;

/**
 * The run's headline numbers under {@code vllm bench serve}'s key names: counts, throughputs and
 * {@code mean_/median_/std_/p90_/p95_/p99_} of {@code ttft_ms}, {@code tpot_ms}, {@code itl_ms}, {@code e2el_ms}.
 * TTFT and E2EL run from the request's arrival (what a client measures); TPOT excludes single-token outputs.
 * {@code engine_ttft_ms} and {@code engine_e2el_ms} run from the engine's queueing of the request instead, as
 * vLLM's request stats log them (the first engine to queue it, under disaggregation the prefill instance).
 */
public final class RunSummary {
    private RunSummary() {
    }

    /** Summary of {@code records}; {@code itlNs} holds every inter-token gap of every request. */
    public static Map<String, Object> of(List<RequestRecord> records, LongList itlNs) {
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
            ttft[i] = r.ttftNs() / 1e6;
            e2e[i] = r.e2eNs() / 1e6;
            engineTtft[i] = (r.firstTokenNs() - r.queuedNs()) / 1e6;
            engineE2e[i] = (r.finishNs() - r.queuedNs()) / 1e6;
            if (r.outputTokens() > 1) {
                tpot[t++] = r.tpotNs() / 1e6;
            }
        }
        long[] itlSorted = itlNs.sorted();
        double[] itl = new double[itlSorted.length];
        for (int i = 0; i < itl.length; i++) {
            itl[i] = itlSorted[i] / 1e6;
        }
        double durationS = records.isEmpty() ? 0 : (end - start) / 1e9;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("completed", records.size());
        m.put("total_input_tokens", in);
        m.put("total_output_tokens", out);
        m.put("duration", durationS);
        m.put("request_throughput", records.size() / durationS);
        m.put("output_throughput", out / durationS);
        m.put("total_token_throughput", (in + out) / durationS);
        put(m, "ttft_ms", Distribution.of(ttft));
        put(m, "tpot_ms", Distribution.of(tpot));
        put(m, "itl_ms", Distribution.of(itl));
        put(m, "e2el_ms", Distribution.of(e2e));
        put(m, "engine_ttft_ms", Distribution.of(engineTtft));
        put(m, "engine_e2el_ms", Distribution.of(engineE2e));
        return m;
    }

    private static void put(Map<String, Object> m, String metric, Distribution d) {
        m.put("mean_" + metric, d.mean());
        m.put("median_" + metric, d.median());
        m.put("std_" + metric, d.std());
        m.put("p90_" + metric, d.p90());
        m.put("p95_" + metric, d.p95());
        m.put("p99_" + metric, d.p99());
    }
}
