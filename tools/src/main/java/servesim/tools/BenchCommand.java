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

    @Option(names = "--repeat", defaultValue = "5", description = "Timed runs (default 5)")
    int repeat;

    @Option(names = "--warmup", defaultValue = "2", description = "Untimed runs first (default 2)")
    int warmup;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (repeat < 1 || warmup < 0) {
            throw new servesim.models.InputException("--repeat/--warmup", null, "must be >= 1 and >= 0.",
                    "pass positive counts.");
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
}
