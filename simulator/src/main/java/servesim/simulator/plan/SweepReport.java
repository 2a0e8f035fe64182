package servesim.simulator.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import servesim.formats.io.AtomicFiles;
import servesim.simulator.chart.Charts;
import servesim.simulator.chart.HtmlReport;

/**
 * The plots and report.html of a sweep: latency against load for each configuration (p99 TTFT, p99 TPOT, mean
 * end-to-end), the Pareto front of throughput per GPU against per-user tokens per second, and the table of the
 * configurations that meet the sweep's SLOs, best first. PNGs are written beside the table and embedded in the
 * report.
 */
public final class SweepReport {
    /** Settings that set the load rather than the deployment. */
    static final Set<String> LOAD = Set.of("request_rate", "burstiness", "rate_scale", "max_concurrency",
            "num_requests", "seed");

    private SweepReport() {
    }

    public static void write(SweepSpec spec, Sweep.Table t, Path dir) {
        Cols c = new Cols(t.header());
        List<List<String>> ok = t.rows().stream().filter(r -> c.get(r, "status").equals("ok")).toList();
        List<String> deployment = spec.axes().keySet().stream().filter(a -> !LOAD.contains(a)).toList();
        Map<String, List<List<String>>> byConfig = new LinkedHashMap<>();
        for (List<String> r : ok) {
            byConfig.computeIfAbsent(label(c, r, deployment), k -> new ArrayList<>()).add(r);
        }
        HtmlReport report = new HtmlReport("servesim sweep: " + spec.name());
        report.paragraph(t.rows().size() + " points, " + t.failed() + " could not run; the table is sweep.csv "
                + "(and sweep.arrow). " + (ok.stream().anyMatch(r -> c.get(r, "estimate").equals("true"))
                ? "ESTIMATE: some points use analytical (roofline) profiles." : ""));
        String[][] curves = {{"p99_ttft_ms", "p99 TTFT (ms)"}, {"p99_tpot_ms", "p99 TPOT (ms)"},
            {"mean_e2el_ms", "mean end-to-end latency (ms)"}};
        report.heading("Latency against load");
        for (String[] curve : curves) {
            List<Charts.Line> lines = new ArrayList<>();
            byConfig.forEach((name, rows) -> {
                List<List<String>> sorted = rows.stream().sorted(java.util.Comparator.comparingDouble(
                        r -> c.num(r, "request_throughput"))).toList();
                lines.add(new Charts.Line(name.isEmpty() ? "base" : name, c.nums(sorted, "request_throughput"),
                        c.nums(sorted, curve[0])));
            });
            String svg = Charts.lines(curve[1] + " against achieved request rate", "requests per second", curve[1],
                    lines, true);
            save(dir.resolve(curve[0] + "_vs_load.svg"), svg);
            report.image(curve[1] + " against achieved request rate, one line per configuration", svg);
        }
        double[] x = c.nums(ok, "per_user_output_tok_s");
        double[] y = c.nums(ok, "output_throughput_per_gpu");
        int[] front = Pareto.front(x, y);
        String pareto = Charts.scatterWithFront("Throughput per GPU against per-user speed",
                "output tokens per second per user (1000 / mean TPOT)", "output tokens per second per GPU", x, y,
                front, null);
        save(dir.resolve("pareto.svg"), pareto);
        report.heading("Pareto front").image("Every point, and the front where no point is better on both", pareto);
        List<List<String>> frontRows = new ArrayList<>();
        for (int i : front) {
            frontRows.add(c.pick(ok.get(i), columns(spec)));
        }
        report.table(columns(spec), frontRows);
        if (!spec.slos().isEmpty()) {
            report.heading("Points meeting " + String.join(", ", spec.slos().stream().map(Slo::text).toList())
                    + ", by output throughput per GPU");
            List<List<String>> meeting = ok.stream().filter(r -> spec.slos().stream().allMatch(s -> {
                double v = c.num(r, s.key());
                return s.atMost() ? v <= s.value() : v >= s.value();
            })).sorted(java.util.Comparator.comparingDouble(r -> -c.num(r, "output_throughput_per_gpu")))
                    .map(r -> c.pick(r, columns(spec))).toList();
            report.table(columns(spec), meeting);
        }
        report.heading("All points").table(t.header(), t.rows());
        report.write(dir.resolve("report.html"));
    }

    private static List<String> columns(SweepSpec spec) {
        List<String> cols = new ArrayList<>(spec.axes().keySet());
        cols.addAll(List.of("gpus", "request_throughput", "output_throughput_per_gpu", "per_user_output_tok_s",
                "p99_ttft_ms", "p99_tpot_ms", "requests_per_usd"));
        return cols;
    }

    private static String label(Cols c, List<String> r, List<String> axes) {
        List<String> parts = new ArrayList<>();
        for (String a : axes) {
            parts.add(a + "=" + c.get(r, a));
        }
        return String.join(", ", parts);
    }

    static void save(Path f, String svg) {
        AtomicFiles.write(f, tmp -> java.nio.file.Files.writeString(tmp, svg, java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Columns of the table by name. */
    record Cols(List<String> header) {
        String get(List<String> r, String col) {
            int i = header.indexOf(col);
            return i < 0 ? "" : r.get(i);
        }

        double num(List<String> r, String col) {
            String v = get(r, col);
            try {
                return v.isEmpty() ? Double.NaN : v.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(v);
            } catch (NumberFormatException e) {
                return Double.NaN;
            }
        }

        double[] nums(List<List<String>> rows, String col) {
            return rows.stream().mapToDouble(r -> num(r, col)).toArray();
        }

        List<String> pick(List<String> r, List<String> cols) {
            return cols.stream().map(col -> get(r, col)).toList();
        }
    }
}
