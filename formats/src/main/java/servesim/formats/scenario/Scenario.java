package servesim.formats.scenario;

import java.nio.file.Path;
import java.util.List;
import servesim.formats.engine.EngineSettings;
import servesim.formats.workload.LoadSpec;
import servesim.formats.workload.TraceFormat;
import servesim.formats.workload.WorkloadGenerator;

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
 * @param synthetic            a synthetic workload (lone requests or agentic sessions), or null
 * @param maxRequests          use only the first N requests (0 = all)
 * @param router               router name, or null for the default (vLLM's DP balancing for data-parallel groups,
 *                             else round-robin)
 * @param seed                 seed for everything random
 * @param activationReserveGiB memory kept for activations when KV capacity is derived from memory
 * @param tickSeconds          time-series tick
 * @param outputDir            where outputs go
 * @param prefixStore          an external prefix store, or null
 * @param collectives          folder of collective profiles ({@code tp<N>.arrow}) replacing the ring model, or null
 * @param load                 how the workload is offered: re-timed rate, rescaled timeline, client concurrency
 * @param goodput              service-level objectives for goodput, or null
 * @param deviceFile           a user device file adding devices to (or overriding figures of) the catalog, or null
 * @param prices               price per GPU-hour (USD) by device name, overriding the catalog's
 * @param estimatesDir         where roofline estimates are written for instances with no profile found (the run
 *                             then uses them, flagged ESTIMATE), or null to fail instead
 * @param tokenizer            the model's tokenizer.json for a text dataset ({@code sharegpt}, {@code prompts}), or null
 */
public record Scenario(String name, Path source, Path clusterFile, EngineSettings engine, Path profile,
                       List<Path> profileRoots, Path workloadFile, TraceFormat workloadFormat,
                       WorkloadGenerator synthetic, int maxRequests,
                       String router, long seed, double activationReserveGiB, double tickSeconds, Path outputDir,
                       PrefixStoreSpec prefixStore, Path collectives, LoadSpec load, GoodputSpec goodput,
                       Path deviceFile, java.util.Map<String, Double> prices, Path estimatesDir, Path tokenizer) {
    /** The defaults every way of making a scenario shares (the reader, the CLI, tests). */
    public static final class Defaults {
        public static final TraceFormat WORKLOAD_FORMAT = TraceFormat.LLMSERVINGSIM;
        public static final long SEED = 0;
        public static final double ACTIVATION_RESERVE_GIB = 0;
        public static final double TICK_SECONDS = 1.0;
        /** Outputs folder, relative to the scenario file (or the working directory). */
        public static final String OUTPUTS = "out";

        private Defaults() {
        }
    }

    /** A scenario on {@code clusterFile} with every other setting at its default; set what differs. */
    public static Builder builder(Path clusterFile) {
        return new Builder(clusterFile);
    }

    /** A builder holding this scenario's settings. */
    public Builder toBuilder() {
        Builder b = new Builder(clusterFile);
        b.name = name;
        b.source = source;
        b.engine = engine;
        b.profile = profile;
        b.profileRoots = profileRoots;
        b.workloadFile = workloadFile;
        b.workloadFormat = workloadFormat;
        b.synthetic = synthetic;
        b.maxRequests = maxRequests;
        b.router = router;
        b.seed = seed;
        b.activationReserveGiB = activationReserveGiB;
        b.tickSeconds = tickSeconds;
        b.outputDir = outputDir;
        b.prefixStore = prefixStore;
        b.collectives = collectives;
        b.load = load;
        b.goodput = goodput;
        b.deviceFile = deviceFile;
        b.prices = prices;
        b.estimatesDir = estimatesDir;
        b.tokenizer = tokenizer;
        return b;
    }

    /** Builds a {@link Scenario}; unset settings keep their {@link Defaults}. */
    public static final class Builder {
        private Path clusterFile;
        private String name;
        private Path source;
        private EngineSettings engine = EngineSettings.DEFAULTS;
        private Path profile;
        private List<Path> profileRoots = List.of();
        private Path workloadFile;
        private TraceFormat workloadFormat = Defaults.WORKLOAD_FORMAT;
        private WorkloadGenerator synthetic;
        private int maxRequests;
        private String router;
        private long seed = Defaults.SEED;
        private double activationReserveGiB = Defaults.ACTIVATION_RESERVE_GIB;
        private double tickSeconds = Defaults.TICK_SECONDS;
        private Path outputDir = Path.of(Defaults.OUTPUTS);
        private PrefixStoreSpec prefixStore;
        private Path collectives;
        private LoadSpec load = LoadSpec.NONE;
        private GoodputSpec goodput;
        private Path deviceFile;
        private java.util.Map<String, Double> prices = java.util.Map.of();
        private Path estimatesDir;
        private Path tokenizer;

        private Builder(Path clusterFile) {
            this.clusterFile = clusterFile;
        }

        public Builder cluster(Path f) {
            clusterFile = f;
            return this;
        }

        public Builder name(String n) {
            name = n;
            return this;
        }

        public Builder source(Path f) {
            source = f;
            return this;
        }

        public Builder engine(EngineSettings e) {
            engine = e;
            return this;
        }

        public Builder profile(Path p) {
            profile = p;
            return this;
        }

        public Builder profileRoots(List<Path> roots) {
            profileRoots = List.copyOf(roots);
            return this;
        }

        /** A request trace (replacing any synthetic workload). */
        public Builder workload(Path file) {
            workloadFile = file;
            synthetic = null;
            return this;
        }

        public Builder workloadFormat(TraceFormat f) {
            workloadFormat = f;
            return this;
        }

        /** A synthetic workload (replacing any trace). */
        public Builder synthetic(WorkloadGenerator w) {
            synthetic = w;
            workloadFile = null;
            return this;
        }

        public Builder maxRequests(int n) {
            maxRequests = n;
            return this;
        }

        public Builder router(String r) {
            router = r;
            return this;
        }

        public Builder seed(long s) {
            seed = s;
            return this;
        }

        public Builder activationReserveGiB(double g) {
            activationReserveGiB = g;
            return this;
        }

        public Builder tickSeconds(double t) {
            tickSeconds = t;
            return this;
        }

        public Builder outputDir(Path d) {
            outputDir = d;
            return this;
        }

        public Builder prefixStore(PrefixStoreSpec p) {
            prefixStore = p;
            return this;
        }

        public Builder collectives(Path d) {
            collectives = d;
            return this;
        }

        public Builder load(LoadSpec l) {
            load = l;
            return this;
        }

        public Builder goodput(GoodputSpec g) {
            goodput = g;
            return this;
        }

        public Builder deviceFile(Path f) {
            deviceFile = f;
            return this;
        }

        public Builder prices(java.util.Map<String, Double> p) {
            prices = java.util.Map.copyOf(p);
            return this;
        }

        public Builder estimatesDir(Path d) {
            estimatesDir = d;
            return this;
        }

        public Builder tokenizer(Path t) {
            tokenizer = t;
            return this;
        }

        /**
         * A run built from flags is named after its cluster file without the extension, with the two folders above
         * it when the file's own name says nothing ({@code bench/RTX4090/Llama-3.1-8B/cluster.json} runs as
         * {@code RTX4090/Llama-3.1-8B}).
         */
        static String defaultName(Path clusterFile) {
            String stem = clusterFile.getFileName().toString().replaceFirst("\\.(json|ya?ml)$", "");
            Path dir = clusterFile.toAbsolutePath().normalize().getParent();
            if (!stem.equalsIgnoreCase("cluster") || dir == null || dir.getFileName() == null) {
                return stem;
            }
            Path up = dir.getParent();
            return (up != null && up.getFileName() != null ? up.getFileName() + "/" : "") + dir.getFileName();
        }

        public Scenario build() {
            return new Scenario(name != null ? name : defaultName(clusterFile), source, clusterFile,
                    engine, profile, profileRoots, workloadFile, workloadFormat, synthetic, maxRequests, router, seed,
                    activationReserveGiB, tickSeconds, outputDir, prefixStore, collectives, load, goodput,
                    deviceFile, prices, estimatesDir, tokenizer);
        }
    }
}
