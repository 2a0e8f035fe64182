package servesim.tools;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import servesim.formats.scenario.Scenario;
import servesim.simulator.metrics.RunSummary;
import servesim.simulator.plan.Capacity;
import servesim.simulator.plan.CapacitySweep;
import servesim.simulator.plan.Slo;
import servesim.simulator.plan.Sweep;
import servesim.simulator.plan.SweepSpec;

/** {@code servesim capacity}: the highest request rate within SLOs, for one deployment or every one of a sweep. */
@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = "Find the highest request rate that meets the SLOs (bisection over simulated rates), for one "
                + "scenario or for every deployment of a sweep (ranked, per GPU and per dollar, with a Pareto front).")
final class CapacityCommand implements Callable<Integer> {
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--slo", description = "A constraint on a summary key, KEY<=V or KEY>=V, e.g. p99_ttft_ms<=200 "
            + "(repeatable)")
    List<String> slo = new ArrayList<>();

    @Option(names = "--sweep", description = "A sweep file: search every deployment of its grid (its request_rate "
            + "axis is ignored; its slo list is used when --slo is not given)")
    Path sweep;

    @Option(names = "--tolerance", defaultValue = "0.02", description = "Stop when the failing rate is within this "
            + "fraction above the meeting one")
    double tolerance;

    @Option(names = "--threads", description = "Worker threads for --sweep (default: every core)")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var o = spec.commandLine().getOut();
        List<Slo> slos = new ArrayList<>();
        slo.forEach(s -> slos.add(Slo.parse(s, "--slo")));
        if (sweep != null) {
            SweepSpec s = SweepSpec.read(sweep);
            if (scenario.out != null) {
                s = new SweepSpec(s.name(), s.source(), s.base(), s.axes(), s.slos(), scenario.out, s.estimate());
            }
            List<Slo> use = slos.isEmpty() ? s.slos() : slos;
            Sweep.Table t = CapacitySweep.run(s, use, tolerance, threads != null ? threads
                    : Runtime.getRuntime().availableProcessors(), ConsoleBar.stderr());
            print(o, t);
            o.printf(Locale.ROOT, "table %s, report %s%n", s.outputDir().resolve("capacity.csv"),
                    s.outputDir().resolve("capacity.html"));
            return 0;
        }
        Scenario s = scenario.resolve();
        Capacity.Result r = Capacity.search(s, slos, tolerance, ConsoleBar.stderr());
        String slosText = String.join(", ", slos.stream().map(Slo::text).toList());
        if (r.atMax() == null) {
            o.printf(Locale.ROOT, "capacity of %s under %s: no rate down to %.3g req/s meets them (%s)%n", s.name(),
                    slosText, r.failedRate(), r.broken());
            return 0;
        }
        var plans = r.atMax().plans();
        int gpus = plans.stream().mapToInt(p -> p.seat().devices()).sum();
        double price = plans.stream().mapToDouble(p -> p.device() == null ? Double.NaN
                : p.device().pricePerHourUsd() * p.seat().devices()).sum();
        RunSummary m = r.atMax().result().summary();
        o.printf(Locale.ROOT, "capacity of %s under %s (%d simulations)%n", s.name(), slosText, r.probes());
        o.printf(Locale.ROOT, "  max request rate %.3f req/s (%.3f per GPU, %d GPUs)%s%n", r.maxRate(),
                r.maxRate() / gpus, gpus, Double.isNaN(price) ? "" : String.format(Locale.ROOT,
                        ", %.0f requests per USD at %.2f USD/h", r.maxRate() * 3600 / price, price));
        o.printf(Locale.ROOT, "  there: p99 TTFT %.1f ms, p99 TPOT %.2f ms, %.1f output tok/s%n", m.ttftMs().p99(),
                m.tpotMs().p99(), m.outputThroughput());
        if (!Double.isNaN(r.failedRate())) {
            o.printf(Locale.ROOT, "  at %.3f req/s it fails: %s%n", r.failedRate(), r.broken());
        }
        if (r.atMax().estimate()) {
            o.println("  ESTIMATE: analytical (roofline) profile");
        }
        return 0;
    }

    private static void print(java.io.PrintWriter o, Sweep.Table t) {
        List<String> h = t.header();
        int rank = h.indexOf("rank");
        int rate = h.indexOf("max_request_rate");
        int perGpu = h.indexOf("max_request_rate_per_gpu");
        int usd = h.indexOf("requests_per_usd");
        int pareto = h.indexOf("pareto");
        int status = h.indexOf("status");
        int first = 1;
        int last = h.indexOf("gpus");
        o.printf(Locale.ROOT, "%-4s %-40s %10s %10s %10s %6s%n", "rank", "deployment", "req/s", "req/s/GPU",
                "req/USD", "pareto");
        t.rows().stream().sorted(java.util.Comparator.comparingInt(r -> r.get(rank).isEmpty() ? Integer.MAX_VALUE
                : Integer.parseInt(r.get(rank)))).forEach(r -> {
                    List<String> d = new ArrayList<>();
                    for (int i = first; i < last; i++) {
                        d.add(h.get(i) + "=" + r.get(i));
                    }
                    if (!r.get(status).equals("ok")) {
                        o.printf(Locale.ROOT, "%-4s %-40s %s%n", "-", String.join(" ", d), r.get(status));
                        return;
                    }
                    o.printf(Locale.ROOT, "%-4s %-40s %10.2f %10.2f %10s %6s%n", r.get(rank), String.join(" ", d),
                            Double.parseDouble(r.get(rate)), Double.parseDouble(r.get(perGpu)),
                            r.get(usd).isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f",
                                    Double.parseDouble(r.get(usd))), r.get(pareto));
                });
    }
}
