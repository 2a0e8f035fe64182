package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outputs are written as a set: {@code servesim simulate} is killed with SIGKILL at moments spread over its whole
 * life (start, simulation, writing), and after every kill {@code --out} holds the previous complete set or the new
 * complete set, never a mix and never a partial file.
 */
class KillDuringWriteTest {
    @TempDir
    Path tmp;

    static final ObjectMapper JSON = new ObjectMapper();

    Process start(Path out, int seed) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return new ProcessBuilder(java, "--add-opens=java.base/java.nio=ALL-UNNAMED", "-Dai.djl.offline=true",
                "-Dservesim.home=" + Path.of("..").toAbsolutePath().normalize(), "-cp", cp, "servesim.tools.Main",
                "simulate", "--seed", Integer.toString(seed), "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child-" + seed + ".log").toFile()).start();
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The set in {@code out}: its file names and its summary, checked whole. */
    record Seen(List<String> names, String summary) {
    }

    Seen seen(Path out, List<String> expected) throws IOException {
        assertTrue(Files.isSymbolicLink(out), out + " is the link to the current set");
        List<String> names = names(out);
        assertEquals(expected, names, "a complete set has every output");
        String summary = Files.readString(out.resolve("summary.json"));
        JsonNode s = JSON.readTree(summary);
        long rows;
        try (Stream<String> l = Files.lines(out.resolve("requests.csv"))) {
            rows = l.count() - 1;
        }
        assertEquals(s.path("completed").asLong(), rows, "requests.csv belongs to summary.json's run");
        return new Seen(names, summary);
    }

    @Test
    void aKillAtAnyMomentLeavesThePreviousOrTheNewCompleteSet() throws Exception {
        assumeTrue(Files.isRegularFile(Path.of("..", "examples", "quickstart", "scenario.yaml")), "no quickstart");
        Path out = tmp.resolve("out");
        long t0 = System.nanoTime();
        Process first = start(out, 1);
        assertTrue(first.waitFor(120, TimeUnit.SECONDS), "the first run finishes");
        assertEquals(0, first.exitValue(), Files.readString(tmp.resolve("child-1.log")));
        long lifeMs = (System.nanoTime() - t0) / 1_000_000;
        List<String> expected = names(out);
        Seen previous = seen(out, expected);
        List<String> outcomes = new ArrayList<>();
        int kills = 12;
        for (int k = 0; k < kills; k++) {
            Process p = start(out, 100 + k);
            Thread.sleep(lifeMs * (k + 1) / (kills - 2)); // the last two kills land after most runs have ended
            p.destroyForcibly();
            p.waitFor(60, TimeUnit.SECONDS);
            Seen now = seen(out, expected);
            boolean same = now.summary().equals(previous.summary());
            outcomes.add(same ? "previous" : "new");
            previous = now;
            try (Stream<Path> s = Files.list(tmp)) {
                assertTrue(s.noneMatch(f -> f.getFileName().toString().endsWith(".part")
                        && !Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)), "no partial file beside --out");
            }
        }
        assertTrue(outcomes.contains("previous") && outcomes.contains("new"),
                "kills both before and after a set was swapped in: " + outcomes);
    }
}
