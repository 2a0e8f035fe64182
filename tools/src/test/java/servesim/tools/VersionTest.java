package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -V} says which version, source commit and Java a result came from. */
class VersionTest {
    @Test
    void versionNamesTheCommitAndJava() {
        String before = System.getProperty("servesim.home");
        System.setProperty("servesim.home", Path.of("..").toAbsolutePath().normalize().toString());
        try {
            CliTest.Result r = CliTest.run("-V");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().matches("(?s)servesim \\S+ \\(commit ([0-9a-f]{12}|unknown), Java \\S+\\)\\s*"),
                    r.out());
        } finally {
            if (before == null) {
                System.clearProperty("servesim.home");
            } else {
                System.setProperty("servesim.home", before);
            }
        }
    }

    @Test
    void commitIsReadFromLooseAndPackedRefs(@TempDir Path home) throws Exception {
        assertEquals("unknown", Version.commit(home));
        Path git = Files.createDirectories(home.resolve(".git/refs/heads"));
        String sha = "0123456789abcdef0123456789abcdef01234567";
        Files.writeString(git.getParent().getParent().resolve("HEAD"), "ref: refs/heads/main\n");
        Files.writeString(home.resolve(".git/packed-refs"), "# pack-refs\n" + sha + " refs/heads/main\n");
        assertEquals("0123456789ab", Version.commit(home));
        Files.writeString(git.resolve("main"), "fedcba9876543210fedcba9876543210fedcba98\n");
        assertEquals("fedcba987654", Version.commit(home));
        Files.writeString(home.resolve(".git/HEAD"), sha + "\n");
        assertEquals("0123456789ab", Version.commit(home), "a detached HEAD");
    }
}
