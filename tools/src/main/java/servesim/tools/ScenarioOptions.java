package servesim.tools;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;
import servesim.formats.engine.EngineJsonReader;
import servesim.formats.engine.EngineSettings;
import servesim.formats.scenario.Scenario;
import servesim.formats.scenario.ScenarioReader;
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

    @Option(names = "--workload-format", description = "llmservingsim, mooncake, azure or vidur")
    String workloadFormat;

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

    @Option(names = "--max-requests", description = "Use only the first N requests")
    Integer maxRequests;

    @Option(names = "--out", description = "Output folder")
    Path out;

    Scenario resolve() {
        Scenario base;
        if (scenario != null) {
            base = ScenarioReader.read(scenario);
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
        return b.build();
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
