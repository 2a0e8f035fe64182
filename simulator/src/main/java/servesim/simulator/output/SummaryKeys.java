package servesim.simulator.output;

import java.util.LinkedHashMap;
import java.util.Map;
import servesim.simulator.metrics.Distribution;
import servesim.simulator.metrics.GoodputReport;
import servesim.simulator.metrics.RunSummary;

/**
 * A run summary under {@code vllm bench serve}'s key names, in its order (counts, throughputs, then
 * {@code mean_/median_/std_/p90_/p95_/p99_} of each latency), for summary.json and for the tables of sweeps.
 */
public final class SummaryKeys {
    private SummaryKeys() {
    }

    public static Map<String, Object> of(RunSummary s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("completed", s.completed());
        m.put("total_input_tokens", s.totalInputTokens());
        m.put("total_output_tokens", s.totalOutputTokens());
        m.put("duration", s.duration());
        m.put("request_throughput", s.requestThroughput());
        m.put("output_throughput", s.outputThroughput());
        m.put("total_token_throughput", s.totalTokenThroughput());
        distribution(m, "ttft_ms", s.ttftMs());
        distribution(m, "tpot_ms", s.tpotMs());
        distribution(m, "itl_ms", s.itlMs());
        distribution(m, "e2el_ms", s.e2elMs());
        distribution(m, "engine_ttft_ms", s.engineTtftMs());
        distribution(m, "engine_e2el_ms", s.engineE2elMs());
        m.put("failed", s.failed());
        m.put("max_output_tokens_per_s", s.maxOutputTokensPerS());
        m.put("max_concurrent_requests", s.maxConcurrentRequests());
        GoodputReport g = s.goodput();
        if (g != null) {
            m.put("request_goodput", g.requestGoodput());
            m.put("goodput_objectives", g.spec().text());
            m.put("goodput_attainment", g.attainment());
            m.put("ttft_attainment", g.ttftAttainment());
            m.put("tpot_attainment", g.tpotAttainment());
            m.put("e2el_attainment", g.e2elAttainment());
        }
        return m;
    }

    /** The keys {@link #of} gives, in order (with the goodput keys when objectives are set). */
    public static java.util.List<String> names(boolean goodput) {
        var one = java.util.List.of(new servesim.formats.results.RequestRecord(0, 0, 0, 0, 0, 1, 2, 1, 2, 0, 0, -1,
                -1));
        var spec = goodput ? new servesim.formats.scenario.GoodputSpec(1, Double.NaN, Double.NaN) : null;
        return java.util.List.copyOf(of(RunSummary.of(one, new servesim.simulator.metrics.ItlRecorder(), 0, spec))
                .keySet());
    }

    private static void distribution(Map<String, Object> m, String metric, Distribution d) {
        m.put("mean_" + metric, d.mean());
        m.put("median_" + metric, d.median());
        m.put("std_" + metric, d.std());
        m.put("p90_" + metric, d.p90());
        m.put("p95_" + metric, d.p95());
        m.put("p99_" + metric, d.p99());
    }
}
