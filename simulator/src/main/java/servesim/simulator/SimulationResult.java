package servesim.simulator;

import java.util.List;
import servesim.formats.results.RequestRecord;
import servesim.formats.results.TimeSeriesRow;
import servesim.simulator.metrics.RunSummary;
import servesim.simulator.power.PowerModel;

/**
 * What a run produced.
 *
 * @param summary     vLLM-benchmark-style summary (see {@link servesim.simulator.metrics.RunSummary})
 * @param requests    one record per request, by id
 * @param timeSeries  per-tick rows
 * @param instances   per-instance statistics
 * @param warnings    one-time warnings raised during the run (profile extrapolation and the like)
 * @param events      events processed
 * @param simulatedNs simulated time at the end
 * @param energy      energy and power over time, or null when the cluster models no power
 * @param instanceSeries {@code instances.csv} lines, header first (see {@link servesim.simulator.metrics.InstanceSeries})
 * @param memory      {@code memory.csv} lines, header first (see {@link servesim.simulator.metrics.MemoryTimeline})
 * @param sessions    each agentic session of the workload (empty without sessions)
 */
public record SimulationResult(RunSummary summary, List<RequestRecord> requests,
                               List<TimeSeriesRow> timeSeries, List<InstanceStats> instances, List<String> warnings,
                               long events, long simulatedNs, PowerModel.EnergyReport energy,
                               List<String> instanceSeries, List<String> memory, List<SessionRecord> sessions) {

    /**
     * One agentic session.
     *
     * @param turns   its turns (LLM calls)
     * @param startNs when its first turn was sent
     * @param endNs   when its last turn finished
     * @param toolNs  time its tool calls took between turns
     */
    public record SessionRecord(String id, int turns, long startNs, long endNs, long toolNs) {
        public long e2eNs() {
            return endNs - startNs;
        }
    }

    /**
     * One instance's totals.
     *
     * @param name            instance name
     * @param steps           steps run
     * @param busyNs          time spent in steps
     * @param scheduledTokens tokens computed
     * @param preemptions     recompute preemptions
     * @param kvBlocks        usable KV blocks
     * @param prefixHitRate   prefix-cache hit rate (hit tokens / looked-up tokens)
     */
    public record InstanceStats(String name, long steps, long busyNs, long scheduledTokens, long preemptions,
                                int kvBlocks, double prefixHitRate) {
    }
}
