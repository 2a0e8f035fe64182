package servesim.tools;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import servesim.formats.engine.EngineJsonReader;
import servesim.formats.engine.EngineSettings;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.scenario.Scenario;
import servesim.formats.scenario.ScenarioReader;
import servesim.models.InputException;
import servesim.simulator.setup.ScenarioRunner;

/**
 * {@code servesim simulate}: runs a scenario file, or a scenario assembled from flags (flags override the file).
 * With no arguments it runs the shipped quickstart.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a serving deployment and write summary.json, requests.csv/.arrow, timeseries.csv.")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--scenario", description = "Scenario file (YAML or JSON); default: the shipped quickstart")
    Path scenario;

    @Option(names = "--cluster", description = "LLMServingSim cluster config (JSON)")
    Path cluster;

    @Option(names = "--engine", description = "vLLM engine.json (LLMServingSim bench format)")
    Path engine;

    @Option(names = "--workload", description = "LLMServingSim JSONL workload")
    Path workload;

    @Option(names = "--profile", description = "One profile for every instance")
    Path profile;

    @Option(names = "--profiles", split = ",", description = "Folders searched for <hardware>/<model>/<dtype>/tp<N>.arrow")
    List<Path> profiles;

    @Option(names = "--router", description = "round_robin, least_loaded, random")
    String router;

    @Option(names = "--seed", description = "Seed for everything random")
    Long seed;

    @Option(names = "--max-requests", description = "Use only the first N requests")
    Integer maxRequests;

    @Option(names = "--out", description = "Output folder")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Scenario s = resolve();
        PrintWriter o = spec.commandLine().getOut();
        LookupWarnings warnings = new LookupWarnings(m -> spec.commandLine().getErr().println("warning: " + m));
        ScenarioRunner.Run run = ScenarioRunner.run(s, warnings);
        ScenarioRunner.write(run, s.outputDir());
        new RunReport(run).print(o);
        o.printf(Locale.ROOT, "outputs in %s%n", s.outputDir());
        return 0;
    }

    private Scenario resolve() {
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
                    List.of(Home.dir().resolve("profiles")), workload, null, 0, "round_robin", 0, 0, 1.0,
                    Path.of("out", "simulate"));
        }
        EngineSettings e = engine != null ? EngineJsonReader.read(engine, base.engine()) : base.engine();
        List<Path> roots = new ArrayList<>(profiles != null ? profiles : List.of());
        roots.addAll(base.profileRoots());
        return new Scenario(base.name(), base.source(), cluster != null ? cluster : base.clusterFile(), e,
                profile != null ? profile : base.profile(), roots, workload != null ? workload : base.workloadFile(),
                workload != null ? null : base.synthetic(), maxRequests != null ? maxRequests : base.maxRequests(),
                router != null ? router : base.router(), seed != null ? seed : base.seed(),
                base.activationReserveGiB(), base.tickSeconds(), out != null ? out : base.outputDir());
    }

    private static Path quickstart() {
        Path p = Home.dir().resolve("examples/quickstart/scenario.yaml");
        if (!Files.isRegularFile(p)) {
            throw new InputException(p.toString(), null, "the shipped quickstart scenario is missing.",
                    "run from the servesim folder (or set -Dservesim.home), or pass --scenario.");
        }
        return p;
    }

    /** The readable report printed after a run. */
    record RunReport(ScenarioRunner.Run run) {
        void print(PrintWriter o) {
            Map<String, Object> m = run.result().summary();
            o.printf(Locale.ROOT, "servesim: %s%n", run.scenario().name());
            if (run.estimate()) {
                o.println("  *** ESTIMATE: analytical (datasheet roofline) profile; see docs/profile-format.md ***");
            }
            for (var p : run.plans()) {
                o.printf(Locale.ROOT, "  %s: %s on %s, tp %d, profile %s (%s), %d KV blocks%n", p.name(),
                        p.model().id(), p.hardware(), p.parallelism().tp(), p.profilePath(),
                        p.profile().metadata().source(), p.kvBlocks() - 1);
            }
            o.printf(Locale.ROOT, "  requests %s  duration %.2f s  throughput %.2f req/s, %.1f output tok/s, %.1f "
                    + "total tok/s%n", m.get("completed"), d(m, "duration"), d(m, "request_throughput"),
                    d(m, "output_throughput"), d(m, "total_token_throughput"));
            o.printf(Locale.ROOT, "  %-10s %10s %10s %10s %10s %10s%n", "ms", "mean", "median", "p90", "p95", "p99");
            for (String k : new String[] {"ttft_ms", "tpot_ms", "itl_ms", "e2el_ms"}) {
                o.printf(Locale.ROOT, "  %-10s %10.2f %10.2f %10.2f %10.2f %10.2f%n", k, d(m, "mean_" + k),
                        d(m, "median_" + k), d(m, "p90_" + k), d(m, "p95_" + k), d(m, "p99_" + k));
            }
            long pre = run.result().instances().stream().mapToLong(i -> i.preemptions()).sum();
            o.printf(Locale.ROOT, "  preemptions %d  events %d  simulated %.2f s  wall %.3f s%n", pre,
                    run.result().events(), run.result().simulatedNs() / 1e9, run.wallSeconds());
            if (!run.result().warnings().isEmpty()) {
                o.printf(Locale.ROOT, "  %d profile warning(s), listed in summary.json%n", run.result().warnings().size());
            }
        }

        private static double d(Map<String, Object> m, String k) {
            return ((Number) m.get(k)).doubleValue();
        }
    }
}
