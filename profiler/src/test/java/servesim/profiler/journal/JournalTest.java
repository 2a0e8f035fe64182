package servesim.profiler.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.models.InputException;
import servesim.models.OpKey;
import servesim.profiler.timing.Measurement;

class JournalTest {
    @TempDir
    Path dir;

    static Measurement m(double us) {
        return new Measurement(us, us, 0.1, us - 1, us + 1, 7, 1, 0, Double.NaN, Double.NaN);
    }

    @Test
    void pointsSurviveAndACutLastLineIsMeasuredAgain() throws IOException {
        Path f = dir.resolve("j.jsonl");
        try (Journal j = Journal.open(f, false)) {
            j.append(new JournalEntry(1, "qkv_proj", "grid", OpKey.tokens(8), m(12.5)));
            j.append(new JournalEntry(1, "attention", "grid", OpKey.attention(16, 0, 2, 64), m(40)));
        }
        Files.writeString(f, "{\"tp\":1,\"op\":\"o_pr", StandardOpenOption.APPEND); // interrupted mid-line
        try (Journal j = Journal.open(f, true)) {
            assertEquals(2, j.size());
            JournalEntry e = j.find(1, "qkv_proj", "grid", OpKey.tokens(8));
            assertNotNull(e);
            assertEquals(12.5, e.measurement().medianUs());
            assertNull(j.find(1, "qkv_proj", "grid", OpKey.tokens(16)));
        }
    }

    @Test
    void existingJournalNeedsResume() throws IOException {
        Path f = dir.resolve("j.jsonl");
        Files.writeString(f, "");
        InputException e = assertThrows(InputException.class, () -> Journal.open(f, false));
        assertTrue(e.getMessage().contains("--resume"), e.getMessage());
    }
}
