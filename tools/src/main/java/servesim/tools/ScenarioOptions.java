package servesim.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import servesim.formats.engine.EngineJsonReader;
import servesim.formats.engine.EngineSettings;
import servesim.formats.scenario.GoodputSpec;
import servesim.formats.scenario.Scenario;
import servesim.formats.scenario.ScenarioReader;
import servesim.formats.workload.LoadSpec;
import servesim.formats.workload.TraceFormat;
import servesim.models.InputException;

/**
 * The options that pick a scenario, shared by {@code simulate} and {@code bench}: a scenario file, or one
 * assembled from flags; flags override the file; with neither, the shipped quickstart.
 */
final class ScenarioOptions {
    @Option(names = "--scenario", description = "Scenario file (YAML or JSON); default: the shipped quickstart")
    Path scenario;

    @Option(names = "--cluster", description = "LLMServingSim cluster config (JSON)")
    Path cluster;

    @Option(names = "--engine", description = "vLLM engine.json (LLMServingSim bench format)")
    Path engine;

    @Option(names = "--workload", description = "Request trace (default format: LLMServingSim JSONL)")
    Path workload;

    @Option(names = "--workload-format", description = "llmservingsim, mooncake, azure, vidur, or the text datasets "
            + "sharegpt and prompts (with --tokenizer)")
    String workloadFormat;

    @Option(names = "--tokenizer", description = "The model's tokenizer.json (a local file) for a text dataset")
    Path tokenizer;

    @Option(names = "--profile", description = "One profile for every instance")
    Path profile;

    @Option(names = "--profiles", split = ",", description = "Folders searched for <hardware>/<model>/<dtype>/tp<N>.arrow")
    List<Path> profiles;

    @Option(names = "--collectives", description = "Folder of collective profiles tp<N>.arrow (e.g. imported from Vidur)")
    Path collectives;

    @Option(names = "--router", description = "round_robin, random, least_loaded, vllm_dp, least_outstanding_tokens, "
            + "prefix_aware (default: vllm_dp for data-parallel groups, else round_robin)")
    String router;

    @Option(names = "--seed", description = "Seed for everything random")
    Long seed;

    @Option(names = {"--num-requests", "--max-requests"}, description = "Requests to offer: a trace's first N, or "
            + "N synthetic ones")
    Integer maxRequests;

    @Option(names = "--request-rate", description = "Re-time arrivals at R requests/s (Poisson, or gamma with "
            + "--burstiness); inf sends all at once")
    String requestRate;

    @Option(names = "--burstiness", description = "Gamma shape of the re-timed gaps (1 = Poisson; < 1 burstier)")
    Double burstiness;

    @Option(names = "--rate-scale", description = "Compress (> 1) or stretch (< 1) the trace's timeline")
    Double rateScale;

    @Option(names = "--max-concurrency", description = "At most N requests in flight at the client (closed loop)")
    Integer maxConcurrency;

    @picocli.CommandLine.Mixin
    DeviceOptions devices = new DeviceOptions();

    @Option(names = "--estimate-missing-profiles", description = "Estimate (roofline) profiles no root holds, "
            + "under OUT/estimated-profiles, instead of failing")
    boolean estimateMissing;

    @Option(names = "--goodput", description = "Objectives for goodput, vLLM's form: ttft:MS,tpot:MS,e2el:MS")
    String goodput;

    @Option(names = "--out", description = "Output folder")
    Path out;

    Scenario resolve() {
        checkFlags();
        Scenario base;
        if (scenario != null) {
            base = ScenarioReader.read(scenario, profiles != null && !profiles.isEmpty());
        } else if (cluster == null) {
            base = ScenarioReader.read(quickstart());
        } else {
            if (workload == null) {
                throw new InputException("--workload", null, "required with --cluster.", "pass a JSONL workload.");
            }
            base = Scenario.builder(cluster).profileRoots(List.of(Home.dir().resolve("profiles"))).workload(workload)
                    .outputDir(Path.of("out", "simulate")).build();
        }
        EngineSettings e = engine != null ? EngineJsonReader.read(engine, base.engine()) : base.engine();
        List<Path> roots = new ArrayList<>(profiles != null ? profiles : List.of());
        roots.addAll(base.profileRoots());
        Scenario.Builder b = base.toBuilder().engine(e).profileRoots(roots);
        if (cluster != null) {
            b.cluster(cluster);
        }
        if (profile != null) {
            b.profile(profile);
        }
        if (workload != null) {
            b.workload(workload);
        }
        if (workloadFormat != null) {
            b.workloadFormat(TraceFormat.parse(workloadFormat, "--workload-format"));
        }
        if (tokenizer != null) {
            b.tokenizer(tokenizer);
        }
        if (maxRequests != null) {
            b.maxRequests(maxRequests);
        }
        if (router != null) {
            b.router(router);
        }
        if (seed != null) {
            b.seed(seed);
        }
        if (out != null) {
            b.outputDir(out);
        }
        if (collectives != null) {
            b.collectives(collectives);
        }
        b.load(load(base.load(), seed != null ? seed : base.seed()));
        if (devices.deviceFile != null) {
            b.deviceFile(devices.deviceFile);
        }
        if (!devices.prices.isEmpty()) {
            java.util.Map<String, Double> p = new java.util.LinkedHashMap<>(base.prices());
            p.putAll(devices.prices);
            b.prices(p);
        }
        if (estimateMissing) {
            b.estimatesDir((out != null ? out : base.outputDir()).resolve("estimated-profiles"));
        }
        if (goodput != null) {
            b.goodput(GoodputSpec.parse(goodput, "--goodput"));
        }
        return b.build();
    }

    /** Every path flag names what exists, every count is positive: refused at the flag, before anything runs. */
    private void checkFlags() {
        existing("--scenario", scenario, false);
        existing("--cluster", cluster, false);
        existing("--engine", engine, false);
        existing("--workload", workload, false);
        existing("--tokenizer", tokenizer, false);
        existing("--profile", profile, false);
        existing("--collectives", collectives, true);
        existing("--device-file", devices.deviceFile, false);
        for (Path p : profiles != null ? profiles : List.<Path>of()) {
            existing("--profiles", p, true);
        }
        if (out != null && Files.isRegularFile(out)) {
            throw new InputException("--out", null, out + " is a file, not a folder.", "name a folder for the "
                    + "run's outputs.");
        }
        positive("--num-requests", maxRequests);
        positive("--max-concurrency", maxConcurrency);
    }

    private static void existing(String flag, Path p, boolean folder) {
        if (p != null && (folder ? !Files.isDirectory(p) : !Files.isRegularFile(p))) {
            throw new InputException(flag, null, p + " is not " + (folder ? "a folder" : "a file")
                    + (Files.exists(p) ? "" : " (it does not exist)") + ".", "fix the path.");
        }
    }

    private static void positive(String flag, Integer v) {
        if (v != null && v < 1) {
            throw new InputException(flag, null, "is " + v + "; it must be at least 1.", "give a positive count, "
                    + "or leave the flag out.");
        }
    }

    /** The base load with the flags given applied (and the run's seed). */
    private LoadSpec load(LoadSpec base, long seed) {
        double rate = base.requestRate();
        if (requestRate != null) {
            try {
                rate = requestRate.equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(requestRate);
            } catch (NumberFormatException e) {
                throw new InputException("--request-rate", null, "'" + requestRate + "' is not a number.",
                        "give requests per second, e.g. 8, or inf.");
            }
        }
        try {
            return new LoadSpec(rate, burstiness != null ? burstiness : base.burstiness(),
                    rateScale != null ? rateScale : base.rateScale(),
                    maxConcurrency != null ? maxConcurrency : base.maxConcurrency(), seed);
        } catch (IllegalArgumentException e) {
            throw new InputException("--request-rate/--burstiness/--rate-scale/--max-concurrency", null,
                    e.getMessage() + ".", "use positive values.");
        }
    }

    private static Path quickstart() {
        Path p = Home.dir().resolve("examples/quickstart/scenario.yaml");
        if (!Files.isRegularFile(p)) {
            throw new InputException(p.toString(), null, "the shipped quickstart scenario is missing.",
                    "run from the servesim folder (or set -Dservesim.home), or pass --scenario.");
        }
        return p;
    }

}
