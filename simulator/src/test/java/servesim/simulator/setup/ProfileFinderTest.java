package servesim.simulator.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.models.InputException;

class ProfileFinderTest {
    @TempDir
    Path root;

    /** A cluster naming a device by one of its catalog aliases finds the profile filed under its canonical name. */
    @Test
    void hardwareAliasesFindTheCanonicalFolder() throws IOException {
        Path p = root.resolve("H100-SXM/meta-llama/Llama-3.1-8B/bf16/tp1.arrow");
        Files.createDirectories(p.getParent());
        Files.writeString(p, "");
        ProfileFinder f = new ProfileFinder(List.of(root));
        assertEquals(p, f.find("H100-SXM", "meta-llama/Llama-3.1-8B", "bf16", 1, "test"));
        assertEquals(p, f.find("H100", "Llama-3.1-8B", "bf16", 1, "test"));
        assertEquals(p, f.find("h100-80gb", "meta-llama/Llama-3.1-8B", "bf16", 1, "test"));
        InputException e = assertThrows(InputException.class, () -> f.find("H200", "meta-llama/Llama-3.1-8B", "bf16",
                1, "test"));
        assertTrue(e.getMessage().contains("H200-SXM"), "the aliases tried are listed: " + e.getMessage());
    }
}
