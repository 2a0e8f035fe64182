package servesim.simulator.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The project's validation suite ({@code validation/}) against the real measurements in ../shared/data. */
class ValidationSuiteTest {
    static final Path SUITE = Path.of("..", "validation").toAbsolutePath().normalize();
    static final Path DATA = Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();

    @Test
    void everyCaseIsWithinItsBounds(@TempDir Path work) {
        assumeTrue(Files.isDirectory(DATA.resolve("llmservingsim-artifact")),
                "skipped: reference data " + DATA + " is absent (../shared/data not beside the repo)");
        StringWriter log = new StringWriter();
        ValidationSuite.Result r = ValidationSuite.run(SUITE, DATA, work, new PrintWriter(log));
        assertEquals(0, r.skipped().size(), r.skipped().toString());
        assertTrue(r.casesRun() >= 9, log.toString());
        String failed = r.rows().stream().filter(x -> !x.pass())
                .map(x -> x.caseName() + " " + x.metric() + " " + x.error() + " > " + x.bound())
                .collect(Collectors.joining("\n"));
        assertTrue(failed.isEmpty(), failed);
    }
}
