package servesim.simulator.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import servesim.simulator.observe.Parallel;
import servesim.formats.profile.lookup.ProfileLookupException;
import servesim.models.InputException;
import servesim.simulator.chart.Charts;
import servesim.simulator.chart.HtmlReport;
import servesim.simulator.observe.Progress;
import servesim.simulator.setup.InstancePlan;

/**
 * Capacity for every deployment of a sweep (its grid without {@code request_rate}): the highest rate within the
 * SLOs, per GPU and per dollar, ranked, with the Pareto front of output throughput per GPU against per-user tokens
 * per second at capacity. Writes {@code capacity.csv}/{@code .arrow}, {@code capacity_pareto.svg} and
 * {@code capacity.html}.
 */
public final class CapacitySweep {
    static final List<String> COLUMNS = List.of("gpus", "price_per_hour_usd", "estimate", "max_request_rate",
            "max_request_rate_per_gpu", "requests_per_usd", "output_throughput", "output_throughput_per_gpu",
            "per_user_output_tok_s", "p99_ttft_ms", "p99_tpot_ms", "failed_rate", "broken", "probes", "rank",
            "pareto", "status");

    private CapacitySweep() {
    }

    public static Sweep.Table run(SweepSpec sweep, List<Slo> slos, double tolerance, int threads,
                                  Progress progress) {
        Map<String, List<Object>> axes = new LinkedHashMap<>(sweep.axes());
        axes.remove("request_rate");
        SweepSpec spec = new SweepSpec(sweep.name(), sweep.source(), sweep.base(), axes, slos, sweep.outputDir(),
                sweep.estimate());
        List<Map<String, Object>> points = axes.isEmpty() ? List.of(Map.of()) : spec.points();
        List<List<String>> rows = new ArrayList<>(Parallel.map(points.size(), threads, "capacity " + spec.name(),
                progress, i -> point(spec, slos, tolerance, i, points.get(i))));
        List<String> header = new ArrayList<>();
        header.add("point");
        header.addAll(axes.keySet());
        header.addAll(COLUMNS);
        rank(header, rows);
        SweepTable.write(header, rows, spec.outputDir(), "capacity");
        Sweep.Table t = new Sweep.Table(header, rows);
        report(spec, slos, t);
        return t;
    }

    private static List<String> point(SweepSpec spec, List<Slo> slos, double tolerance, int index,
                                      Map<String, Object> settings) {
        List<String> r = new ArrayList<>();
        r.add(Integer.toString(index));
        settings.values().forEach(v -> r.add(SweepTable.cell(v)));
        try {
            var scenario = spec.scenario(settings, Sweep.pointDir(spec, index));
            Capacity.Result c = Capacity.search(scenario, slos, tolerance, Progress.NONE);
            var run = c.atMax();
            if (run == null) {
                var probe = Capacity.trial(scenario, slos, Capacity.MIN_RATE);
                return fill(r, probe.run().plans(), probe.run().estimate(), c, null);
            }
            return fill(r, run.plans(), run.estimate(), c, run.result().summary());
        } catch (InputException | ProfileLookupException | IllegalStateException | IllegalArgumentException e) {
            while (r.size() < 1 + settings.size() + COLUMNS.size() - 1) {
                r.add("");
            }
            r.add("error: " + e.getMessage().split("\n")[0]);
            return r;
        }
    }

    private static List<String> fill(List<String> r, List<InstancePlan> plans, boolean estimate, Capacity.Result c,
                                     servesim.simulator.metrics.RunSummary s) {
        int gpus = plans.stream().mapToInt(p -> p.seat().devices()).sum();
        double price = 0;
        for (InstancePlan p : plans) {
            price += p.device() == null ? Double.NaN : p.device().pricePerHourUsd() * p.seat().devices();
        }
        r.add(Integer.toString(gpus));
        r.add(SweepTable.cell(price));
        r.add(Boolean.toString(estimate));
        r.add(SweepTable.cell(c.maxRate()));
        r.add(SweepTable.cell(c.maxRate() / gpus));
        r.add(SweepTable.cell(c.maxRate() * 3600 / price));
        r.add(s == null ? "" : SweepTable.cell(s.outputThroughput()));
        r.add(s == null ? "" : SweepTable.cell(s.outputThroughput() / gpus));
        r.add(s == null ? "" : SweepTable.cell(1000 / s.tpotMs().mean()));
        r.add(s == null ? "" : SweepTable.cell(s.ttftMs().p99()));
        r.add(s == null ? "" : SweepTable.cell(s.tpotMs().p99()));
        r.add(SweepTable.cell(c.failedRate()));
        r.add(c.broken() == null ? "" : c.broken());
        r.add(Integer.toString(c.probes()));
        r.add("");
        r.add("");
        r.add(c.maxRate() > 0 ? "ok" : "no rate meets the SLOs");
        return r;
    }

    /**
     * Ranks deployments by requests per dollar when every price is known, else by requests per second per GPU;
     * marks the Pareto front (output tokens per GPU against per-user tokens per second, at capacity).
     */
    private static void rank(List<String> header, List<List<String>> rows) {
        SweepReport.Cols c = new SweepReport.Cols(header);
        List<List<String>> ok = rows.stream().filter(r -> c.get(r, "status").equals("ok")).toList();
        boolean priced = !ok.isEmpty() && ok.stream().allMatch(r -> !Double.isNaN(c.num(r, "requests_per_usd")));
        String by = priced ? "requests_per_usd" : "max_request_rate_per_gpu";
        List<List<String>> ranked = ok.stream().sorted(Comparator.comparingDouble(r -> -c.num(r, by))).toList();
        int rankCol = header.indexOf("rank");
        for (int i = 0; i < ranked.size(); i++) {
            ranked.get(i).set(rankCol, Integer.toString(i + 1));
        }
        int[] front = Pareto.front(c.nums(ok, "per_user_output_tok_s"), c.nums(ok, "output_throughput_per_gpu"));
        int paretoCol = header.indexOf("pareto");
        for (int i = 0; i < ok.size(); i++) {
            ok.get(i).set(paretoCol, "false");
        }
        for (int i : front) {
            ok.get(i).set(paretoCol, "true");
        }
    }

    private static void report(SweepSpec spec, List<Slo> slos, Sweep.Table t) {
        SweepReport.Cols c = new SweepReport.Cols(t.header());
        List<List<String>> ok = t.rows().stream().filter(r -> c.get(r, "status").equals("ok")).toList();
        double[] x = c.nums(ok, "per_user_output_tok_s");
        double[] y = c.nums(ok, "output_throughput_per_gpu");
        String svg = Charts.scatterWithFront("At capacity (" + String.join(", ", slos.stream().map(Slo::text).toList())
                + ")", "output tokens per second per user", "output tokens per second per GPU", x, y,
                Pareto.front(x, y), null);
        SweepReport.save(spec.outputDir().resolve("capacity_pareto.svg"), svg);
        List<List<String>> ranked = t.rows().stream().sorted(Comparator.comparingDouble(r -> {
            double k = c.num(r, "rank");
            return Double.isNaN(k) ? Double.MAX_VALUE : k;
        })).toList();
        new HtmlReport("servesim capacity: " + spec.name())
                .paragraph("The highest request rate each deployment serves with " + String.join(", ",
                        slos.stream().map(Slo::text).toList()) + " (bisection over simulated Poisson arrivals; "
                        + "failed_rate is the lowest rate tried that broke them, broken says how). Ranked by "
                        + "requests per dollar where every price is known, else by requests per second per GPU.")
                .table(t.header(), ranked)
                .heading("Pareto front at capacity").image("output tokens per GPU against per-user speed", svg)
                .write(spec.outputDir().resolve("capacity.html"));
    }
}
