package servesim.tools;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;
import servesim.models.Dtype;
import servesim.models.ModelConfig;
import servesim.profiler.ProfilerConfig;
import servesim.profiler.TimingMode;
import servesim.profiler.sweep.SweepLimits;

/** Sweep options shared by {@code profile} and {@code profile verify}. */
final class SweepOptions {
    @Option(names = "--max-tokens", defaultValue = "2048", description = "Largest batch token count")
    int maxTokens;

    @Option(names = "--max-seqs", defaultValue = "256", description = "Largest sequence count")
    int maxSeqs;

    @Option(names = "--max-chunk", defaultValue = "2048", description = "Largest attention prefill chunk")
    int maxChunk;

    @Option(names = "--max-kv", defaultValue = "8192", description = "Longest attention KV")
    int maxKv;

    @Option(names = "--memory-gib", defaultValue = "4", description = "Skip points needing more memory than this, GiB")
    double memoryGib;

    @Option(names = "--refine", defaultValue = "0.05", description = "Refine where interpolation misses by more (0 = off)")
    double refine;

    @Option(names = "--held-out", defaultValue = "3", description = "Held-out points per operator")
    int heldOut;

    @Option(names = "--target-ms", defaultValue = "100", description = "Measuring time per point, ms")
    double targetMs;

    @Option(names = "--threads", defaultValue = "0", description = "Intra-op threads (0: all cores)")
    int threads;

    @Option(names = "--coarse", description = "A sparser grid (quick looks)")
    boolean coarse;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for held-out points")
    long seed;

    @Option(names = "--timing", description = "in-layer (CPU default) or isolated (GPU default)")
    String timing;

    ProfilerConfig config(ModelConfig model, String device, String deviceName, Dtype dtype, List<Integer> tps,
                          Path out, boolean resume, int maxPoints) {
        SweepLimits limits = new SweepLimits(maxTokens, maxSeqs, maxChunk, maxKv, Math.round(memoryGib * (1L << 30)),
                refine, 2, heldOut, coarse);
        String name = deviceName != null ? deviceName : device.startsWith("gpu") ? "gpu" : "cpu";
        return new ProfilerConfig(model, device, name, dtype, tps, out, resume, threads, limits, targetMs, maxPoints,
                seed, timingMode(device));
    }

    private TimingMode timingMode(String device) {
        if (timing == null) {
            return device.startsWith("gpu") ? TimingMode.ISOLATED : TimingMode.IN_LAYER;
        }
        return switch (timing) {
            case "in-layer" -> TimingMode.IN_LAYER;
            case "isolated" -> TimingMode.ISOLATED;
            default -> throw new servesim.models.InputException("--timing", null, "unknown timing mode '" + timing
                    + "'.", "use in-layer or isolated.");
        };
    }
}
