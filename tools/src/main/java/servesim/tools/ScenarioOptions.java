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
            base = new Scenario(cluster.getFileName().toString(), null, cluster, EngineSettings.DEFAULTS, null,
                    List.of(Home.dir().resolve("profiles")), workload, TraceFormat.LLMSERVINGSIM, null, 0, null, 0, 0, 1.0,
                    Path.of("out", "simulate"));
        }
        EngineSettings e = engine != null ? EngineJsonReader.read(engine, base.engine()) : base.engine();
        List<Path> roots = new ArrayList<>(profiles != null ? profiles : List.of());
        roots.addAll(base.profileRoots());
        return new Scenario(base.name(), base.source(), cluster != null ? cluster : base.clusterFile(), e,
                profile != null ? profile : base.profile(), roots, workload != null ? workload : base.workloadFile(),
                workloadFormat != null ? TraceFormat.parse(workloadFormat, "--workload-format") : base.workloadFormat(),
                workload != null ? null : base.synthetic(), maxRequests != null ? maxRequests : base.maxRequests(),
                router != null ? router : base.router(), seed != null ? seed : base.seed(),
                base.activationReserveGiB(), base.tickSeconds(), out != null ? out : base.outputDir(),
                base.prefixStore(), collectives != null ? collectives : base.collectives());
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
