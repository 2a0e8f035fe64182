package servesim.simulator.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.models.InputException;

class OutputSetTest {
    @TempDir
    Path tmp;

    static void write(Path dir, String name, String text) {
        try {
            Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aNewSetReplacesTheOldOneWholeStaleFilesIncluded() throws IOException {
        Path out = tmp.resolve("out");
        OutputSet.commit(out, d -> {
            write(d, "summary.json", "old");
            write(d, "power.csv", "old power");
        });
        assertEquals(List.of("power.csv", "summary.json"), names(out));
        OutputSet.commit(out, d -> write(d, "summary.json", "new"));
        assertTrue(Files.isSymbolicLink(out));
        assertEquals(List.of("summary.json"), names(out), "the old power.csv is gone with its set");
        assertEquals("new", Files.readString(out.resolve("summary.json")));
        assertEquals(1, names(tmp.resolve(".out.sets")).size(), "earlier sets are removed");
    }

    @Test
    void aWriterThatFailsLeavesThePreviousSetAndNoPartOfItsOwn() throws IOException {
        Path out = tmp.resolve("out");
        OutputSet.commit(out, d -> write(d, "summary.json", "old"));
        assertThrows(IllegalStateException.class, () -> OutputSet.commit(out, d -> {
            write(d, "summary.json", "half");
            throw new IllegalStateException("stopped while writing");
        }));
        assertEquals("old", Files.readString(out.resolve("summary.json")));
        assertEquals(1, names(tmp.resolve(".out.sets")).size(), "the half-written set is removed");
    }

    @Test
    void aPlainFolderFromBeforeIsTakenOverAndAFileIsRefused() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        write(out, "requests.csv", "from an older servesim");
        OutputSet.commit(out, d -> write(d, "summary.json", "new"));
        assertEquals(List.of("summary.json"), names(out));
        Path file = tmp.resolve("file");
        write(tmp, "file", "x");
        InputException e = assertThrows(InputException.class, () -> OutputSet.commit(file, d -> { }));
        assertTrue(e.getMessage().contains("is a file"), e.getMessage());
    }

    @Test
    void whatAKilledWriterLeftIsClearedByTheNextRun() throws IOException {
        Path out = tmp.resolve("out");
        OutputSet.commit(out, d -> write(d, "summary.json", "old"));
        Path orphan = Files.createDirectories(tmp.resolve(".out.sets/123-456-7"));
        write(orphan, "summary.json", "half");
        Files.createSymbolicLink(tmp.resolve(".out.link-123-456-7"), orphan);
        OutputSet.commit(out, d -> write(d, "summary.json", "new"));
        assertEquals(1, names(tmp.resolve(".out.sets")).size());
        assertFalse(Files.exists(tmp.resolve(".out.link-123-456-7"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("new", Files.readString(out.resolve("summary.json")));
    }

    @Test
    void aFailedRunMovesThePreviousSetAside() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(null, OutputSet.retire(out), "nothing to move");
        OutputSet.commit(out, d -> write(d, "summary.json", "old"));
        Path moved = OutputSet.retire(out);
        assertEquals(tmp.resolve("out.previous"), moved);
        assertFalse(Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("old", Files.readString(moved.resolve("summary.json")));
    }

    @Test
    void estimatedProfilesWrittenDuringTheRunMoveIntoTheNewSet() throws IOException {
        Path out = tmp.resolve("out");
        OutputSet.commit(out, d -> write(d, "summary.json", "old"));
        Files.createDirectories(out.resolve("estimated-profiles"));
        write(out.resolve("estimated-profiles"), "tp1.arrow", "profile");
        OutputSet.commit(out, d -> write(d, "summary.json", "new"));
        assertEquals("profile", Files.readString(out.resolve("estimated-profiles/tp1.arrow")));
    }
}
