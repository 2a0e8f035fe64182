package servesim.profiler;

import java.nio.file.Path;
import java.util.List;
import servesim.models.Dtype;
import servesim.models.ModelConfig;
import servesim.profiler.sweep.SweepLimits;

/**
 * A profiling run, resolved.
 *
 * @param model       architecture to profile
 * @param device      "cpu", "gpu" or "gpu:N"
 * @param deviceName  hardware label written into the profile (how cluster configs find it)
 * @param dtype       weight/activation dtype
 * @param tps         TP degrees (shapes sharded per rank)
 * @param outDir      folder for tp&lt;N&gt;.arrow and the journal
 * @param resume      continue an interrupted run from its journal
 * @param threads     intra-op threads (0 = all cores)
 * @param limits      sweep limits
 * @param targetMs    measuring time per point, milliseconds
 * @param maxPoints   stop after this many new measurements (0 = no limit); the journal lets a later run resume
 * @param seed        seed for held-out points
 * @param timing      how operators are timed
 */
public record ProfilerConfig(ModelConfig model, String device, String deviceName, Dtype dtype, List<Integer> tps,
                             Path outDir, boolean resume, int threads, SweepLimits limits, double targetMs,
                             int maxPoints, long seed, TimingMode timing) {
    public ProfilerConfig {
        tps = List.copyOf(tps);
        if (tps.isEmpty() || targetMs <= 0 || maxPoints < 0) {
            throw new IllegalArgumentException("profiler config out of range");
        }
    }
}
