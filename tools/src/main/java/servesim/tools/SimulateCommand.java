package servesim.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.scenario.Scenario;
import servesim.simulator.metrics.Distribution;
import servesim.simulator.metrics.RunSummary;
import servesim.simulator.output.OutputSet;
import servesim.simulator.output.Outputs;
import servesim.simulator.output.ToolVersion;
import servesim.simulator.setup.ScenarioRunner;

/**
 * {@code servesim simulate}: runs a scenario file, or a scenario assembled from flags (flags override the file).
 * With no arguments it runs the shipped quickstart.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Simulate a serving deployment and write summary.json, requests.csv/.arrow, timeseries.csv, "
                + "instances.csv, memory.csv, report.html with its SVG charts, and where they apply power.csv "
                + "(power blocks) and sessions.csv (agentic workloads).")
final class SimulateCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions options;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Scenario s = null;
        try {
            s = options.resolve();
            PrintWriter o = spec.commandLine().getOut();
            LookupWarnings warnings = new LookupWarnings(m -> spec.commandLine().getErr().println("warning: " + m));
            ScenarioRunner.Run run = ScenarioRunner.run(s, warnings, servesim.simulator.setup.Plugins.defaults(),
                    ConsoleBar.stderr());
            OutputSet.commit(s.outputDir(), dir -> Outputs.writeEach(run, dir, Outputs.defaults(),
                    new Outputs.Options(ToolVersion.current()), outputThreads(run)));
            new RunReport(run).print(o);
            o.printf(Locale.ROOT, "outputs in %s%n", s.outputDir());
            return 0;
        } catch (RuntimeException | Error e) {
            retire(s != null ? s.outputDir() : options.out);
            throw e;
        }
    }

    /**
     * Outputs are written side by side on every core for large runs (a million requests: seconds of CSV, Arrow
     * and report); below {@value #PARALLEL_OUTPUTS_FROM} requests the threads cost more than they save (measured:
     * docs/performance.md).
     */
    static int outputThreads(ScenarioRunner.Run run) {
        return run.result().requests().size() >= PARALLEL_OUTPUTS_FROM ? Runtime.getRuntime().availableProcessors()
                : 1;
    }

    static final int PARALLEL_OUTPUTS_FROM = 20_000;

    /** A failed run leaves nothing in {@code --out} that looks like its results: the previous set moves aside. */
    private void retire(Path out) {
        try {
            Path moved = out == null ? null : OutputSet.retire(out);
            if (moved != null) {
                spec.commandLine().getErr().println("note: this run wrote no outputs; the previous ones in " + out
                        + " moved to " + moved);
            }
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("note: could not move the previous outputs aside: " + e.getMessage());
        }
    }

    /** The readable report printed after a run. */
    record RunReport(ScenarioRunner.Run run) {
        void print(PrintWriter o) {
            RunSummary m = run.result().summary();
            o.printf(Locale.ROOT, "servesim: %s%n", run.scenario().name());
            if (run.estimate()) {
                o.println("  *** ESTIMATE: analytical (datasheet roofline) profile; see docs/profile-format.md ***");
            }
            java.util.List<String> lastNotes = java.util.List.of();
            for (int i = 0; i < run.plans().size(); i++) {
                var p = run.plans().get(i);
                var st = run.result().instances().get(i);
                var role = p.seat().role();
                // summary.json's kv_blocks counts vLLM's num_gpu_blocks, which includes the null block 0
                o.printf(Locale.ROOT, "  %s%s: %s on %s, tp %d, profile %s (%s), %d KV blocks (%d usable + vLLM's null"
                                + " block)%s%n", p.name(), role == servesim.simulator.instance.Role.BOTH ? ""
                                : " [" + role.name().toLowerCase(Locale.ROOT) + "]", p.model().id(), p.hardware(),
                        p.split().parallelism().tp(), p.profile().path(), p.profile().data().metadata().source(),
                        p.kv().blocks(), p.kv().blocks() - 1, !p.engine().enablePrefixCaching() ? ""
                                : String.format(Locale.ROOT, ", prefix-cache hit %.1f%%", 100 * st.prefixHitRate()));
                // the plan's notes (where figures came from), once for a run of instances that share them
                if (!p.notes().equals(lastNotes)) {
                    p.notes().forEach(n -> o.println("    note: " + n));
                    lastNotes = p.notes();
                }
            }
            if (run.stores() != null) {
                for (var r : run.stores().reports()) {
                    o.printf(Locale.ROOT, "  prefix store %s: chunk hit %.1f%% of %d lookups, %d tokens loaded%n",
                            r.name(), 100 * r.chunkHitRate(), r.chunkLookups(), r.tokensLoaded());
                }
            }
            o.printf(Locale.ROOT, "  requests %s  duration %.2f s (first arrival to last token, as vLLM bench)  throughput %.2f req/s, %.1f output tok/s, %.1f "
                    + "total tok/s%n", m.completed(), m.duration(), m.requestThroughput(), m.outputThroughput(),
                    m.totalTokenThroughput());
            o.printf(Locale.ROOT, "  %-10s %10s %10s %10s %10s %10s%n", "ms", "mean", "median", "p90", "p95", "p99");
            Map<String, Distribution> rows = new java.util.LinkedHashMap<>();
            rows.put("ttft_ms", m.ttftMs());
            rows.put("tpot_ms", m.tpotMs());
            rows.put("itl_ms", m.itlMs());
            rows.put("e2el_ms", m.e2elMs());
            rows.forEach((k, d) -> o.printf(Locale.ROOT, "  %-10s %10.2f %10.2f %10.2f %10.2f %10.2f%n", k, d.mean(),
                    d.median(), d.p90(), d.p95(), d.p99()));
            if (m.goodput() != null) {
                o.printf(Locale.ROOT, "  goodput %.2f req/s: %.1f%% of requests meet %s%n", m.goodput().requestGoodput(),
                        100 * m.goodput().attainment(), m.goodput().spec().text());
            }
            long pre = run.result().instances().stream().mapToLong(i -> i.preemptions()).sum();
            o.printf(Locale.ROOT, "  preemptions %d  events %d  simulated clock %.2f s (to the last event)  wall %.3f s%n",
                    pre,
                    run.result().events(), run.result().simulatedNs() / 1e9, run.wallSeconds());
            if (!run.result().warnings().isEmpty()) {
                o.printf(Locale.ROOT, "  %d profile warning(s), listed in summary.json%n", run.result().warnings().size());
            }
        }
    }
}
