package servesim.simulator.validation;

import java.util.List;
import java.util.Map;

/**
 * What a measured per-second series is compared with, recognised by its value column: which servesim output holds
 * the counterpart, whether a tick one side lacks is zero or absent, and which statistics matter.
 *
 * @param simFile       servesim output file
 * @param simValue      its column
 * @param perInstance   the output has a row per instance (pick one with {@code instance=NAME}, else summed)
 * @param missingIsZero a tick one side lacks counts as 0 (token counters) rather than being skipped (gauges)
 * @param stats         statistics reported
 */
public record SeriesKind(String simFile, String simValue, boolean perInstance, boolean missingIsZero,
                         List<String> stats) {

    private static final SeriesKind GEN = new SeriesKind("timeseries.csv", "gen_throughput", false, true,
            List.of("nrmse", "total", "peak", "makespan"));
    private static final SeriesKind PROMPT = new SeriesKind("timeseries.csv", "prompt_throughput", false, true,
            List.of("nrmse", "total", "peak", "makespan"));

    /** Measured column name to its kind (LLMServingSim artifact names, and its bench timeseries.csv names). */
    public static final Map<String, SeriesKind> BY_COLUMN = Map.of(
            "gen_tok_s", GEN,
            "gen_throughput", GEN,
            "prompt_tok_s", PROMPT,
            "prompt_throughput", PROMPT,
            "power_w", new SeriesKind("power.csv", "total_w", false, false, List.of("mean", "total", "nrmse")),
            "mem_mb", new SeriesKind("instances.csv", "mem_used_mib", true, false, List.of("mean", "peak", "nrmse")),
            "prefix_hit_pct", new SeriesKind("instances.csv", "prefix_hit_pct", true, false,
                    List.of("meandiff")));
}
