package servesim.formats;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/data from a module's working directory; tests skip with a message when it is absent. */
public final class SharedData {
    public static final Path ROOT = Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();

    private SharedData() {
    }

    /** The path under ../shared/data, or a skipped test when it is absent. */
    public static Path require(String relative) {
        Path p = ROOT.resolve(relative);
        assumeTrue(Files.exists(p), "skipped: reference data " + p + " is absent (../shared/data not beside the repo)");
        return p;
    }
}
