package servesim.formats.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file so that it appears whole or not at all: the content goes to a hidden temporary file in the same
 * folder, which is renamed over the target once complete and deleted on any failure.
 */
public final class AtomicFiles {
    /** Writes content into the (already created, empty) temporary file. */
    public interface Content {
        void writeTo(Path tmp) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path file, Content content) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + "." + ProcessHandle.current().pid() + "."
                    + System.nanoTime() + ".part");
            try {
                Files.createFile(tmp);
                content.writeTo(tmp);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
