package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profile-writing commands never replace a profile silently: the shipped one is refused (exit 2, file untouched),
 * {@code --force} replaces, and {@code profile analytical} without {@code --out} writes where simulate looks.
 */
class ProfileOverwriteTest {
    @TempDir
    Path tmp;

    private final String home = System.getProperty("servesim.home");

    @AfterEach
    void restoreHome() {
        if (home == null) {
            System.clearProperty("servesim.home");
        } else {
            System.setProperty("servesim.home", home);
        }
    }

    @Test
    void theShippedProfileIsNotReplacedWithoutForce() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        System.setProperty("servesim.home", repo.toString());
        Path shipped = repo.resolve("profiles/analytical/H100-SXM/meta-llama/Llama-3.1-8B/bf16/tp1.arrow");
        byte[] before = Files.readAllBytes(shipped);
        CliTest.Result r = CliTest.run("profile", "analytical", "--device", "H100-SXM", "--model",
                "meta-llama/Llama-3.1-8B");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains(shipped.toString()) && r.err().contains("--force"), r.err());
        assertArrayEquals(before, Files.readAllBytes(shipped), "the shipped profile is untouched");
    }

    @Test
    void analyticalWritesTheSimulateLayoutAndForceReplaces() throws Exception {
        System.setProperty("servesim.home", tmp.toString());
        CliTest.Result r = CliTest.run("profile", "analytical", "--device", "A100-80G", "--model",
                "meta-llama/Llama-3.1-8B", "--tp", "1,2");
        assertEquals(0, r.code(), r.err());
        Path dir = tmp.resolve("profiles/analytical/A100-80G/meta-llama/Llama-3.1-8B/bf16");
        assertTrue(Files.isRegularFile(dir.resolve("tp1.arrow")) && Files.isRegularFile(dir.resolve("tp2.arrow")),
                r.out());
        assertEquals(2, CliTest.run("profile", "analytical", "--device", "A100-80G", "--model",
                "meta-llama/Llama-3.1-8B", "--tp", "2").code());
        CliTest.Result forced = CliTest.run("profile", "analytical", "--device", "A100-80G", "--model",
                "meta-llama/Llama-3.1-8B", "--tp", "2", "--force");
        assertEquals(0, forced.code(), forced.err());
    }

    @Test
    void profilingRefusesAnExistingProfileBeforeMeasuring() throws Exception {
        Files.writeString(tmp.resolve("tp1.arrow"), "a profile measured earlier");
        CliTest.Result r = CliTest.run("profile", "--model", "Qwen/Qwen3-0.6B", "--device", "cpu", "--out",
                tmp.toString());
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--force") && r.err().contains("--resume"), r.err());
        assertEquals("a profile measured earlier", Files.readString(tmp.resolve("tp1.arrow")));
    }
}
