package servesim.simulator.output;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import servesim.formats.io.AtomicFiles;
import servesim.formats.results.RequestRecord;
import servesim.formats.results.TimeSeriesRow;
import servesim.simulator.chart.Charts;
import servesim.simulator.chart.HtmlReport;
import servesim.simulator.metrics.Distribution;
import servesim.simulator.metrics.RunSummary;
import servesim.simulator.setup.InstancePlan;
import servesim.simulator.setup.ScenarioRunner;

/**
 * A run's charts and report.html: throughput and the queue over time, TTFT and TPOT distributions (CDFs), the
 * summary and each instance, all in one self-contained HTML file (charts embedded) beside the SVG files.
 */
final class RunReport implements Output {
    @Override
    public void write(ScenarioRunner.Run run, Path dir) {
        List<TimeSeriesRow> ts = run.result().timeSeries();
        double[] t = ts.stream().mapToDouble(TimeSeriesRow::tSec).toArray();
        String throughput = Charts.lines("Throughput over time", "time (s)", "tokens per second", List.of(
                new Charts.Line("prompt tok/s", t, ts.stream().mapToDouble(TimeSeriesRow::promptTokensPerSec)
                        .toArray()),
                new Charts.Line("generation tok/s", t, ts.stream().mapToDouble(TimeSeriesRow::genTokensPerSec)
                        .toArray())), false);
        String queue = Charts.lines("Requests over time", "time (s)", "requests", List.of(
                new Charts.Line("running", t, ts.stream().mapToDouble(TimeSeriesRow::running).toArray()),
                new Charts.Line("waiting", t, ts.stream().mapToDouble(TimeSeriesRow::waiting).toArray())), false);
        List<RequestRecord> r = run.result().requests();
        String ttft = Charts.cdf("Time to first token", "TTFT (ms)", List.of(new Charts.Line("TTFT", null,
                r.stream().mapToDouble(x -> x.ttftNs() / 1e6).toArray())));
        String tpot = Charts.cdf("Time per output token", "TPOT (ms)", List.of(new Charts.Line("TPOT", null,
                r.stream().filter(x -> x.outputTokens() > 1).mapToDouble(x -> x.tpotNs() / 1e6).toArray())));
        save(dir.resolve("throughput.svg"), throughput);
        save(dir.resolve("queue.svg"), queue);
        save(dir.resolve("ttft_cdf.svg"), ttft);
        save(dir.resolve("tpot_cdf.svg"), tpot);
        RunSummary s = run.result().summary();
        HtmlReport h = new HtmlReport("servesim: " + run.scenario().name());
        if (run.estimate()) {
            h.paragraph("ESTIMATE: at least one instance uses an analytical (datasheet roofline) profile.");
        }
        h.paragraph(String.format(Locale.ROOT, "%d requests in %.2f s: %.2f req/s, %.1f output tok/s, %.1f total "
                        + "tok/s; router %s.", s.completed(), s.duration(), s.requestThroughput(), s.outputThroughput(),
                s.totalTokenThroughput(), run.router()));
        if (s.goodput() != null) {
            h.paragraph(String.format(Locale.ROOT, "Goodput %.2f req/s: %.1f%% of requests meet %s.",
                    s.goodput().requestGoodput(), 100 * s.goodput().attainment(), s.goodput().spec().text()));
        }
        List<List<String>> latency = new ArrayList<>();
        latency.add(row("TTFT", s.ttftMs()));
        latency.add(row("TPOT", s.tpotMs()));
        latency.add(row("ITL", s.itlMs()));
        latency.add(row("E2EL", s.e2elMs()));
        h.heading("Latency (ms)").table(List.of("metric", "mean", "median", "p90", "p95", "p99"), latency);
        List<List<String>> instances = new ArrayList<>();
        for (int i = 0; i < run.plans().size(); i++) {
            InstancePlan p = run.plans().get(i);
            var st = run.result().instances().get(i);
            instances.add(List.of(p.name(), p.hardware(), p.model().id(), Integer.toString(
                    p.split().parallelism().tp()), p.seat().role().name().toLowerCase(Locale.ROOT),
                    Integer.toString(p.kv().blocks() - 1), Long.toString(st.steps()),
                    String.format(Locale.ROOT, "%.2f", st.busyNs() / 1e9), Long.toString(st.preemptions())));
        }
        h.heading("Instances").table(List.of("instance", "hardware", "model", "tp", "role", "usable KV blocks", "steps",
                "busy s", "preemptions"), instances);
        h.heading("Over time").image("Prompt and generation throughput per tick", throughput)
                .image("Running and waiting requests per tick", queue);
        h.heading("Distributions").image("TTFT, cumulative", ttft).image("TPOT, cumulative", tpot);
        if (!run.result().warnings().isEmpty()) {
            h.heading("Warnings");
            run.result().warnings().forEach(h::paragraph);
        }
        h.write(dir.resolve("report.html"));
    }

    private static List<String> row(String name, Distribution d) {
        return List.of(name, f(d.mean()), f(d.median()), f(d.p90()), f(d.p95()), f(d.p99()));
    }

    private static String f(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static void save(Path f, String svg) {
        AtomicFiles.write(f, tmp -> java.nio.file.Files.writeString(tmp, svg, java.nio.charset.StandardCharsets.UTF_8));
    }
}
