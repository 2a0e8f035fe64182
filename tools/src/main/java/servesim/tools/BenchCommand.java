package servesim.tools;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.scenario.Scenario;
import servesim.simulator.setup.ScenarioRunner;

/**
 * {@code servesim bench}: the simulator's own speed. Runs a scenario several times in one JVM (after warm-up
 * runs that let the JIT compile the hot path) and reports the wall time of the simulation loop alone (not
 * reading inputs or writing outputs), with the heap in use after the last run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the simulation's wall time over repeated runs of a scenario.")
final class BenchCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions options;

    @Option(names = "--repeat", defaultValue = "5", description = "Timed runs")
    int repeat;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs first")
    int warmup;

    @Option(names = "--sweep", description = "Measure a sweep instead: points per second of the in-process sweep "
            + "(every point, each repeat), against running its points one after another on one thread")
    java.nio.file.Path sweep;

    @Option(names = "--threads", description = "Threads for --sweep (default: every core)")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (repeat < 1 || warmup < 0) {
            throw new servesim.models.InputException("--repeat/--warmup", null, "must be >= 1 and >= 0.",
                    "pass positive counts.");
        }
        if (options.out != null) {
            throw new servesim.models.InputException("--out", null, "bench times the simulator and writes no "
                    + "outputs, so --out would be ignored.", "drop --out; 'servesim simulate' writes a run's outputs.");
        }
        if (sweep != null) {
            return sweep();
        }
        Scenario s = options.resolve();
        var o = spec.commandLine().getOut();
        double[] wall = new double[repeat];
        ScenarioRunner.Run last = null;
        for (int i = 0; i < warmup + repeat; i++) {
            last = ScenarioRunner.run(s, new LookupWarnings(m -> { }));
            if (i >= warmup) {
                wall[i - warmup] = last.wallSeconds();
            }
        }
        Arrays.sort(wall);
        Runtime rt = Runtime.getRuntime();
        System.gc();
        o.printf(Locale.ROOT, "bench %s: %d requests, %d events, %.1f s simulated%n", s.name(),
                last.result().requests().size(), last.result().events(), last.result().simulatedNs() / 1e9);
        o.printf(Locale.ROOT, "  simulation wall time over %d runs (after %d warm-up): min %.3f s, median %.3f s, "
                + "max %.3f s%n", repeat, warmup, wall[0], wall[repeat / 2], wall[repeat - 1]);
        o.printf(Locale.ROOT, "  %.0f events/s; heap in use %.0f MiB of max %.0f MiB%n",
                last.result().events() / wall[repeat / 2], (rt.totalMemory() - rt.freeMemory()) / 1048576.0,
                rt.maxMemory() / 1048576.0);
        return 0;
    }

    /** Points per second of a sweep in one JVM, on the pool and on one thread, after warm-up sweeps. */
    private int sweep() {
        var o = spec.commandLine().getOut();
        var spec0 = servesim.simulator.plan.SweepSpec.read(sweep);
        var tmp = spec0.outputDir().resolve("bench");
        var s = new servesim.simulator.plan.SweepSpec(spec0.name(), spec0.source(), spec0.base(), spec0.axes(),
                spec0.slos(), tmp, spec0.estimate());
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        int points = s.points().size();
        for (int i = 0; i < warmup; i++) {
            servesim.simulator.plan.Sweep.run(s, n, servesim.simulator.observe.Progress.NONE);
        }
        double[] pool = new double[repeat];
        double[] one = new double[repeat];
        for (int i = 0; i < repeat; i++) {
            long t0 = System.nanoTime();
            servesim.simulator.plan.Sweep.run(s, n, servesim.simulator.observe.Progress.NONE);
            pool[i] = points / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            servesim.simulator.plan.Sweep.run(s, 1, servesim.simulator.observe.Progress.NONE);
            one[i] = points / ((System.nanoTime() - t0) / 1e9);
        }
        Arrays.sort(pool);
        Arrays.sort(one);
        o.printf(Locale.ROOT, "bench sweep %s: %d points, %d runs after %d warm-up%n", s.name(), points, repeat,
                warmup);
        o.printf(Locale.ROOT, "  in-process on %d threads: median %.1f points/s (min %.1f, max %.1f)%n", n,
                pool[repeat / 2], pool[0], pool[repeat - 1]);
        o.printf(Locale.ROOT, "  in-process on 1 thread:  median %.1f points/s%n", one[repeat / 2]);
        return 0;
    }
}
