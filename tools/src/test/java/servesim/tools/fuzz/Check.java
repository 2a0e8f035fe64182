package servesim.tools.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What every fuzz case must show: exit 0 or 2 and never a stack trace (1 would be a crash); on exit 2 a one-message
 * error naming the file (or flag) and a line, field or column, and no result files; on exit 0 results without NaN.
 */
final class Check {
    static final Pattern LOCATED = Pattern.compile("line \\d+|field|column|key|row|request \\d+|section|"
            + "instance \\d+|bytes|no requests|no data rows|only a header|top level|not found|not a file|"
            + "not a folder", Pattern.CASE_INSENSITIVE);

    private Check() {
    }

    /** Runs one case and checks it; {@code mustRefuse} demands exit 2. Returns the result. */
    static Inputs.Result run(String what, String[] args, Path out, String named, boolean mustRefuse) {
        Inputs.Result r = Inputs.run(args);
        String ctx = what + "\n  command: " + String.join(" ", args) + "\n  exit " + r.code() + "\n  stderr: "
                + r.err() + "\n  stdout: " + tail(r.out());
        assertFalse(r.err().contains("\tat ") || r.err().contains("internal error"), "a stack trace or a bug: " + ctx);
        if (mustRefuse) {
            assertEquals(2, r.code(), "must be refused with exit 2: " + ctx);
        } else {
            assertTrue(r.code() == 0 || r.code() == 2, "exit 0 or 2 expected: " + ctx);
        }
        if (r.code() == 2) {
            assertTrue(r.err().startsWith("error: ") || r.err().startsWith("note: "), "one error message expected: "
                    + ctx);
            assertTrue(r.err().contains(named), "the message must name " + named + ": " + ctx);
            assertTrue(named.startsWith("--") || LOCATED.matcher(r.err()).find(), "the message must say where (line, field, ...): " + ctx);
            assertEquals(List.of(), resultFiles(out), "no result files after a refusal: " + ctx);
        } else {
            for (Path f : resultFiles(out)) {
                String name = f.getFileName().toString();
                if (name.endsWith(".json") || name.endsWith(".csv")) {
                    String text = read(f);
                    if (text.contains("NaN") || text.contains("Infinity")) {
                        fail("NaN or Infinity in " + f + ": " + ctx);
                    }
                }
            }
        }
        return r;
    }

    /** Regular files under {@code out} and any set folder beside it. */
    static List<Path> resultFiles(Path out) {
        Path sets = out.resolveSibling("." + out.getFileName() + ".sets");
        return Stream.of(out, sets).filter(Files::exists).flatMap(Check::walk).filter(Files::isRegularFile).toList();
    }

    private static Stream<Path> walk(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            return s.toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String tail(String s) {
        return s.length() < 600 ? s : "..." + s.substring(s.length() - 600);
    }
}
