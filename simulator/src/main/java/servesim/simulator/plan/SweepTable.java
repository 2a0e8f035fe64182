package servesim.simulator.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import servesim.formats.results.ResultWriters;
import servesim.simulator.output.SummaryKeys;
import servesim.simulator.setup.InstancePlan;
import servesim.simulator.setup.ScenarioRunner;

/**
 * The tidy table of a sweep: one row per point, its settings, its deployment (GPUs, price per hour), every summary
 * key, derived planning figures and its status. Cells are text, numbers written exactly ({@link Double#toString}), so
 * the same sweep gives the same table however its points were run (threads here, or Spark tasks).
 */
public final class SweepTable {
    /** Planning figures after the summary keys. */
    static final List<String> DERIVED = List.of("request_throughput_per_gpu", "output_throughput_per_gpu",
            "per_user_output_tok_s", "requests_per_usd", "output_tokens_per_usd");

    private SweepTable() {
    }

    public static List<String> header(SweepSpec spec) {
        List<String> h = new ArrayList<>();
        h.add("point");
        h.addAll(spec.axes().keySet());
        h.add("gpus");
        h.add("price_per_hour_usd");
        h.add("estimate");
        h.addAll(SummaryKeys.names(spec.base().goodput() != null));
        h.addAll(DERIVED);
        h.add("status");
        return h;
    }

    /** The row of a finished point. */
    public static List<String> row(SweepSpec spec, int index, Map<String, Object> settings, ScenarioRunner.Run run) {
        List<String> r = start(index, settings);
        int gpus = run.plans().stream().mapToInt(p -> p.seat().devices()).sum();
        double price = 0;
        for (InstancePlan p : run.plans()) {
            price += p.device() == null ? Double.NaN : p.device().pricePerHourUsd() * p.seat().devices();
        }
        r.add(Integer.toString(gpus));
        r.add(cell(price));
        r.add(Boolean.toString(run.estimate()));
        Map<String, Object> keys = SummaryKeys.of(run.result().summary());
        for (String k : SummaryKeys.names(spec.base().goodput() != null)) {
            r.add(cell(keys.get(k)));
        }
        var s = run.result().summary();
        r.add(cell(s.requestThroughput() / gpus));
        r.add(cell(s.outputThroughput() / gpus));
        r.add(cell(1000 / s.tpotMs().mean()));
        r.add(cell(s.requestThroughput() * 3600 / price));
        r.add(cell(s.outputThroughput() * 3600 / price));
        r.add("ok");
        return r;
    }

    /** The row of a point that could not run: its settings and the reason. */
    public static List<String> failed(SweepSpec spec, int index, Map<String, Object> settings, String reason) {
        List<String> r = start(index, settings);
        while (r.size() < header(spec).size() - 1) {
            r.add("");
        }
        r.add("error: " + reason);
        return r;
    }

    private static List<String> start(int index, Map<String, Object> settings) {
        List<String> r = new ArrayList<>();
        r.add(Integer.toString(index));
        settings.values().forEach(v -> r.add(cell(v)));
        return r;
    }

    static String cell(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            return d.isNaN() ? "" : d.isInfinite() ? (d > 0 ? "inf" : "-inf") : Double.toString(d);
        }
        return v.toString();
    }

    /** sweep.csv and sweep.arrow in {@code dir}. */
    public static void write(List<String> header, List<List<String>> rows, Path dir, String name) {
        ResultWriters.tableCsv(header, rows, dir.resolve(name + ".csv"));
        ResultWriters.tableArrow(header, rows, dir.resolve(name + ".arrow"), name);
    }
}
