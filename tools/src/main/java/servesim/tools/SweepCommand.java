package servesim.tools;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import servesim.simulator.plan.Sweep;
import servesim.simulator.plan.SweepSpec;

/** {@code servesim sweep FILE}: every point of a grid, in one JVM on all cores, into one table. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Run a grid of scenario settings (sweep file) on a thread pool; write sweep.csv/.arrow, "
                + "each point's summary.json, plots and report.html.")
final class SweepCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Sweep file (YAML or JSON); see docs/planning.md")
    Path file;

    @Option(names = "--threads", description = "Worker threads (default: every core)")
    Integer threads;

    @Option(names = "--out", description = "Output folder (default: the sweep file's outputs)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        SweepSpec s = SweepSpec.read(file);
        if (out != null) {
            s = new SweepSpec(s.name(), s.source(), s.base(), s.axes(), s.slos(), out, s.estimate());
        }
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        long t0 = System.nanoTime();
        Sweep.Table t = Sweep.run(s, n, ConsoleBar.stderr());
        double wall = (System.nanoTime() - t0) / 1e9;
        var o = spec.commandLine().getOut();
        o.printf(Locale.ROOT, "sweep %s: %d points (%d failed) in %.1f s on %d threads (%.1f points/s)%n", s.name(),
                t.rows().size(), t.failed(), wall, n, t.rows().size() / wall);
        servesim.simulator.plan.SweepReport.write(s, t, s.outputDir());
        o.printf(Locale.ROOT, "table %s, report %s%n", s.outputDir().resolve("sweep.csv"),
                s.outputDir().resolve("report.html"));
        return 0;
    }
}
