package servesim.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.IVersionProvider;

/**
 * The tool version from the jar manifest ("dev" when run from classes), the source commit of the servesim folder
 * it runs from (read from {@code .git} without a git binary), and the Java runtime.
 */
public final class Version implements IVersionProvider {
    public static String current() {
        return servesim.simulator.output.ToolVersion.current();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"servesim " + current() + " (commit " + commit(Home.dir()) + ", Java "
                + Runtime.version() + ")"};
    }

    /** The abbreviated commit checked out in {@code home}, or "unknown" outside a git checkout. */
    static String commit(Path home) {
        Path git = home.resolve(".git");
        try {
            if (!Files.isDirectory(git)) {
                return "unknown";
            }
            String head = Files.readString(git.resolve("HEAD")).trim();
            String sha = head;
            if (head.startsWith("ref: ")) {
                String ref = head.substring(5).trim();
                Path loose = git.resolve(ref);
                sha = Files.isRegularFile(loose) ? Files.readString(loose).trim() : packed(git, ref);
            }
            return sha != null && sha.matches("[0-9a-f]{40}") ? sha.substring(0, 12) : "unknown";
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static String packed(Path git, String ref) throws IOException {
        Path f = git.resolve("packed-refs");
        if (!Files.isRegularFile(f)) {
            return null;
        }
        for (String line : Files.readAllLines(f)) {
            if (line.endsWith(" " + ref)) {
                return line.substring(0, line.indexOf(' '));
            }
        }
        return null;
    }
}
