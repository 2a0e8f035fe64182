package servesim.sweep.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.simulator.observe.Progress;
import servesim.simulator.plan.Sweep;
import servesim.simulator.plan.SweepSpec;

/**
 * The shipped 72-point planning sweep (3 devices x 3 TP degrees x 8 rates) through Spark in local[*] mode gives the
 * table the in-process sweep gives, byte for byte.
 */
class SparkSweepTest {
    @Test
    void sparkLocalGivesTheInProcessTable(@TempDir Path dir) throws Exception {
        Path file = Path.of("..", "examples", "planning", "sweep.yaml").toAbsolutePath().normalize();
        SweepSpec spec = SweepSpec.read(file);
        SweepSpec local = new SweepSpec(spec.name(), spec.source(), spec.base(), spec.axes(), spec.slos(),
                dir.resolve("local"), spec.estimate());
        Sweep.Table threads = Sweep.run(local, 2, Progress.NONE);
        assertEquals(72, threads.rows().size());
        assertEquals(0, threads.failed());
        SparkConf conf = new SparkConf().setMaster("local[*]").setAppName("servesim-test")
                .set("spark.ui.enabled", "false").set("spark.driver.host", "127.0.0.1");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            Sweep.Table spark = SparkSweep.run(sc, file, dir.resolve("spark"), 6);
            assertEquals(threads.header(), spark.header());
            assertEquals(threads.rows(), spark.rows());
        }
        assertEquals(Files.readString(dir.resolve("local/sweep.csv")), Files.readString(dir.resolve("spark/sweep.csv")));
        assertTrue(Files.isRegularFile(dir.resolve("spark/report.html")));
    }
}
