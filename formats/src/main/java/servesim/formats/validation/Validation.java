package servesim.formats.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import servesim.formats.results.RequestRecord;
import servesim.models.Units;

/**
 * Compares a simulation's latencies with a real run's: mean, median, P90, P95 and P99 of TTFT, TPOT and
 * end-to-end latency, with the simulation's difference in percent of the real value.
 */
public final class Validation {
    /** One compared statistic. */
    public record Row(String metric, String stat, double realMs, double simMs) {
        public double diffPct() {
            return (simMs - realMs) / realMs * 100;
        }
    }

    private Validation() {
    }

    /** The simulation's samples measured from the same origin as the real run's. */
    public static LatencySamples simulated(List<RequestRecord> records, String origin) {
        List<double[]> rows = new ArrayList<>();
        for (RequestRecord r : records) {
            long start = origin.equals("queued") ? r.queuedNs() : r.arrivalNs();
            rows.add(new double[] {(r.firstTokenNs() - start) / Units.NS_PER_MS, r.outputTokens() > 1 ? r.tpotNs() / Units.NS_PER_MS : -1,
                (r.finishNs() - start) / Units.NS_PER_MS});
        }
        return VllmRunReader.samples(rows, origin);
    }

    public static List<Row> compare(LatencySamples real, LatencySamples sim) {
        List<Row> out = new ArrayList<>();
        add(out, "ttft", real.ttftMs(), sim.ttftMs());
        add(out, "tpot", real.tpotMs(), sim.tpotMs());
        add(out, "latency", real.latencyMs(), sim.latencyMs());
        return out;
    }

    private static void add(List<Row> out, String metric, double[] real, double[] sim) {
        double[] a = real.clone();
        double[] b = sim.clone();
        Arrays.sort(a);
        Arrays.sort(b);
        out.add(new Row(metric, "mean", mean(a), mean(b)));
        for (double q : new double[] {50, 90, 95, 99}) {
            out.add(new Row(metric, q == 50 ? "median" : "p" + (int) q, pct(a, q), pct(b, q)));
        }
    }

    /** The comparison as a JSON-ready map. */
    public static Map<String, Object> toMap(List<Row> rows, int realCount, int simCount) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("real_requests", realCount);
        m.put("simulated_requests", simCount);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row r : rows) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("metric", r.metric());
            x.put("stat", r.stat());
            x.put("real_ms", r.realMs());
            x.put("sim_ms", r.simMs());
            x.put("diff_pct", r.diffPct());
            list.add(x);
        }
        m.put("rows", list);
        return m;
    }

    private static double mean(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s / a.length;
    }

    private static double pct(double[] sorted, double q) {
        double pos = q / 100 * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        return i >= sorted.length - 1 ? sorted[sorted.length - 1] : sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]);
    }
}
