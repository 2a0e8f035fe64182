package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The planning commands as a user types them: load knobs and goodput, compare, a reference run, capacity, sweep. */
class PlanningCliTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("servesim.home", Path.of("..").toAbsolutePath().normalize().toString());
    }

    @Test
    void twoLoadsComparedAndOneValidatedAgainstTheOther() {
        Path a = tmp.resolve("r4");
        Path b = tmp.resolve("r12");
        CliTest.Result ra = CliTest.run("simulate", "--request-rate", "4", "--num-requests", "150", "--goodput",
                "ttft:200,tpot:50", "--out", a.toString());
        assertEquals(0, ra.code(), ra.err());
        assertTrue(ra.out().contains("goodput") && ra.out().contains("requests 150"), ra.out());
        assertEquals(0, CliTest.run("simulate", "--request-rate", "12", "--num-requests", "150", "--out",
                b.toString()).code());
        CliTest.Result c = CliTest.run("compare", a.toString(), b.toString(), "--csv", tmp.resolve("c.csv")
                .toString());
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("p99_ttft_ms") && c.out().contains("%"), c.out());
        assertTrue(Files.isRegularFile(tmp.resolve("c.csv")));
        CliTest.Result v = CliTest.run("validate", "--run", b.toString(), "--reference-run", a.toString(),
                "--max-error", "0.001");
        assertEquals(ValidateCommand.EXIT_OUT_OF_BOUNDS, v.code(), v.out());
        assertEquals(0, CliTest.run("validate", "--run", a.toString(), "--reference-run", a.toString(),
                "--max-error", "0.001").code(), "a run matches itself");
        assertEquals(2, CliTest.run("compare", a.toString(), tmp.resolve("none").toString()).code());
    }

    @Test
    void capacityAndASmallSweepFromTheCommandLine() throws Exception {
        CliTest.Result cap = CliTest.run("capacity", "--num-requests", "200", "--slo", "p99_ttft_ms<=200",
                "--slo", "p99_tpot_ms<=50", "--out", tmp.resolve("cap").toString());
        assertEquals(0, cap.code(), cap.err());
        assertTrue(cap.out().contains("max request rate") && cap.out().contains("fails"), cap.out());
        assertEquals(2, CliTest.run("capacity", "--slo", "p99_ttft_ms=200").code(), "a malformed SLO");
        Path sweep = Files.writeString(tmp.resolve("s.yaml"), "scenario: " + Path.of("..", "examples", "quickstart",
                "scenario.yaml").toAbsolutePath().normalize() + "\ngrid:\n  request_rate: [2, 6]\n  max_num_seqs: [64, "
                + "256]\n  num_requests: [50]\noutputs: out\n");
        CliTest.Result s = CliTest.run("sweep", sweep.toString(), "--threads", "2");
        assertEquals(0, s.code(), s.err());
        assertTrue(s.out().contains("4 points (0 failed)"), s.out());
        assertTrue(Files.isRegularFile(tmp.resolve("out/report.html")) && Files.isRegularFile(tmp.resolve(
                "out/sweep.arrow")));
        Path bad = Files.writeString(tmp.resolve("b.yaml"), "scenario: " + Path.of("..", "examples", "quickstart",
                "scenario.yaml").toAbsolutePath().normalize() + "\ngrid:\n  colour: [red]\n");
        CliTest.Result e = CliTest.run("sweep", bad.toString());
        assertEquals(2, e.code());
        assertTrue(e.err().contains("grid.colour") && e.err().contains("request_rate"), e.err());
    }
}
