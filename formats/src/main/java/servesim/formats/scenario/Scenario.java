package servesim.formats.scenario;

import java.nio.file.Path;
import java.util.List;
import servesim.formats.engine.EngineSettings;
import servesim.formats.workload.SyntheticWorkload;
import servesim.formats.workload.TraceFormat;

/**
 * A resolved scenario: everything one simulation needs, with paths made absolute.
 *
 * @param name                 label for reports
 * @param source               the scenario file, or null when built from flags only
 * @param clusterFile          LLMServingSim cluster config
 * @param engine               engine settings (defaults, then engine.json, then inline settings)
 * @param profile              one profile for every instance, or null to find them by hardware and model
 * @param profileRoots         folders searched for profiles
 * @param workloadFile         request trace, or null
 * @param workloadFormat       the trace's format
 * @param synthetic            synthetic workload spec, or null
 * @param maxRequests          use only the first N requests (0 = all)
 * @param router               router name, or null for the default (vLLM's DP balancing for data-parallel groups,
 *                             else round-robin)
 * @param seed                 seed for everything random
 * @param activationReserveGiB memory kept for activations when KV capacity is derived from memory
 * @param tickSeconds          time-series tick
 * @param outputDir            where outputs go
 * @param prefixStore          an external prefix store, or null
 * @param collectives          folder of collective profiles ({@code tp<N>.arrow}) replacing the ring model, or null
 */
public record Scenario(String name, Path source, Path clusterFile, EngineSettings engine, Path profile,
                       List<Path> profileRoots, Path workloadFile, TraceFormat workloadFormat,
                       SyntheticWorkload synthetic, int maxRequests,
                       String router, long seed, double activationReserveGiB, double tickSeconds, Path outputDir,
                       PrefixStoreSpec prefixStore, Path collectives) {
    /** The same scenario without a prefix store. */
    public Scenario(String name, Path source, Path clusterFile, EngineSettings engine, Path profile,
                    List<Path> profileRoots, Path workloadFile, TraceFormat workloadFormat, SyntheticWorkload synthetic,
                    int maxRequests, String router, long seed, double activationReserveGiB, double tickSeconds,
                    Path outputDir) {
        this(name, source, clusterFile, engine, profile, profileRoots, workloadFile, workloadFormat, synthetic,
                maxRequests, router, seed, activationReserveGiB, tickSeconds, outputDir, null, null);
    }
}
