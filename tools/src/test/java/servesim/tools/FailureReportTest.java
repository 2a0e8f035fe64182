package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.simulator.RunStalledException;

/** Every failure is one message: bad input exit 2, out of heap with the figure and the fix, a bug in one line. */
class FailureReportTest {
    static final String QUICKSTART = Path.of("..", "examples", "quickstart", "scenario.yaml").toString();

    @TempDir
    Path tmp;

    static String report(Throwable t, boolean debug, int[] code) {
        StringWriter w = new StringWriter();
        code[0] = Main.report(t, new PrintWriter(w, true), debug);
        return w.toString();
    }

    @Test
    void runningOutOfHeapSaysHowMuchThereWasAndHowToGiveMore() {
        int[] code = new int[1];
        String m = report(new OutOfMemoryError("Java heap space"), false, code);
        assertEquals(1, code[0]);
        assertTrue(m.startsWith("error: the run needs more memory than the Java heap allows ("), m);
        assertTrue(m.contains("SERVESIM_JAVA_OPTS=-Xmx"), m);
        assertFalse(m.contains("\tat "), m);
    }

    @Test
    void aBugIsOneLineWithItsTraceSavedAndDebugPrintsIt() throws Exception {
        int[] code = new int[1];
        String m = report(new NullPointerException("boom"), false, code);
        assertEquals(1, code[0]);
        assertEquals(1, m.strip().lines().count(), m);
        assertTrue(m.contains("internal error (a bug in servesim"), m);
        Matcher f = Pattern.compile("is in (\\S+servesim-crash-\\S+\\.txt)").matcher(m);
        assertTrue(f.find(), m);
        Path trace = Path.of(f.group(1));
        assertTrue(Files.readString(trace).contains("NullPointerException: boom"));
        Files.delete(trace);
        String d = report(new NullPointerException("boom"), true, code);
        assertTrue(d.contains("\tat "), "--debug prints the trace: " + d);
    }

    @Test
    void aStalledRunIsReportedAsItsInput() {
        int[] code = new int[1];
        String m = report(new RunStalledException("simulated time passed 1e6 s"), false, code);
        assertEquals(2, code[0]);
        assertTrue(m.startsWith("error: simulated time passed"), m);
    }

    @Test
    void debugIsAcceptedAnywhereAndAFailedRunMovesThePreviousOutputsAside() throws Exception {
        Path out = tmp.resolve("out");
        CliTest.Result ok = CliTest.run("simulate", "--scenario", QUICKSTART, "--num-requests", "20", "--out",
                out.toString());
        assertEquals(0, ok.code(), ok.err());
        CliTest.Result bad = CliTest.run("simulate", "--debug", "--scenario", QUICKSTART, "--num-requests", "20", "--tokenizer",
                tmp.resolve("missing.json").toString(), "--out", out.toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("error: --tokenizer"), bad.err());
        assertTrue(bad.err().contains("\tat "), "--debug prints the trace: " + bad.err());
        assertTrue(bad.err().contains("moved to " + tmp.resolve("out.previous")), bad.err());
        assertFalse(Files.exists(out), "nothing in --out looks like this run's results");
        assertTrue(Files.isRegularFile(tmp.resolve("out.previous/summary.json")));
    }

    @Test
    void aBadFlagValueIsOneErrorNamingTheFlag() {
        CliTest.Result r = CliTest.run("simulate", "--seed", "abc");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith("error: Invalid value for option '--seed'"), r.err());
        CliTest.Result u = CliTest.run("simulate", "--sed", "1");
        assertEquals(2, u.code());
        assertTrue(u.err().contains("--seed"), "suggests the flag meant: " + u.err());
    }
}
