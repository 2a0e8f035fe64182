package servesim.sweep.spark;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import servesim.simulator.plan.Sweep;
import servesim.simulator.plan.SweepReport;
import servesim.simulator.plan.SweepSpec;
import servesim.simulator.plan.SweepTable;

/**
 * A servesim sweep on Apache Spark: the points are a Spark dataset of indices, each partition reads the sweep file
 * once and runs its points with the same in-process simulation as {@code servesim sweep}, and the driver collects
 * the rows in point order and writes the same table, plots and report. Every path (the sweep file, its scenario,
 * cluster, workload and profiles, the outputs folder) must be visible to every executor: a shared filesystem on a
 * real cluster.
 *
 * <pre>
 * spark-submit --class servesim.sweep.spark.SparkSweep --master spark://HOST:7077 \
 *     sweep-spark/target/servesim-sweep-spark.jar SWEEP.yaml [--out DIR] [--partitions N]
 * </pre>
 */
public final class SparkSweep {
    private SparkSweep() {
    }

    /** Runs {@code sweepFile} on {@code sc}; {@code out} overrides its outputs folder (null: keep). */
    public static Sweep.Table run(JavaSparkContext sc, Path sweepFile, Path out, int partitions) {
        SweepSpec spec = spec(sweepFile.toAbsolutePath().toString(), out == null ? null : out.toAbsolutePath()
                .toString());
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < spec.points().size(); i++) {
            indices.add(i);
        }
        String file = sweepFile.toAbsolutePath().toString();
        String outDir = out == null ? null : out.toAbsolutePath().toString();
        List<List<String>> rows = new ArrayList<>(sc.parallelize(indices, Math.max(1, partitions))
                .mapPartitions((Iterator<Integer> it) -> {
                    SweepSpec s = spec(file, outDir);
                    List<Map<String, Object>> points = s.points();
                    List<List<String>> done = new ArrayList<>();
                    while (it.hasNext()) {
                        int i = it.next();
                        done.add(new ArrayList<>(Sweep.point(s, i, points.get(i))));
                    }
                    return done.iterator();
                }).collect());
        rows.sort(Comparator.comparingInt(r -> Integer.parseInt(r.get(0))));
        Sweep.Table t = new Sweep.Table(SweepTable.header(spec), rows);
        SweepTable.write(t.header(), t.rows(), spec.outputDir(), "sweep");
        SweepReport.write(spec, t, spec.outputDir());
        return t;
    }

    static SweepSpec spec(String file, String out) {
        SweepSpec s = SweepSpec.read(Path.of(file));
        return out == null ? s : new SweepSpec(s.name(), s.source(), s.base(), s.axes(), s.slos(), Path.of(out),
                s.estimate());
    }

    public static void main(String[] args) {
        if (args.length < 1) {
            System.err.println("usage: SparkSweep SWEEP.yaml [--out DIR] [--partitions N]");
            System.exit(2);
        }
        Path out = null;
        int partitions = 0;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--out" -> out = Path.of(args[i + 1]);
                case "--partitions" -> partitions = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        SparkConf conf = new SparkConf().setAppName("servesim sweep " + args[0]);
        if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        System.setProperty("ai.djl.offline", "true");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            long t0 = System.nanoTime();
            Sweep.Table t = run(sc, Path.of(args[0]), out, partitions > 0 ? partitions : sc.defaultParallelism());
            System.out.printf(Locale.ROOT, "sweep: %d points (%d failed) in %.1f s on Spark %s%n", t.rows().size(),
                    t.failed(), (System.nanoTime() - t0) / 1e9, sc.master());
        }
    }
}
