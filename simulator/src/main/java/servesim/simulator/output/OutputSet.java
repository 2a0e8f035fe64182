package servesim.simulator.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import servesim.models.InputException;

/**
 * A run's outputs as one set: written into a fresh folder beside {@code --out} ({@code .NAME.sets/ID}), then made
 * current by replacing the symbolic link {@code --out} in one rename. A reader of {@code --out} sees the previous
 * complete set or the new complete set, never a mix, whenever the writer is stopped (even by kill -9); sets left
 * behind by a stopped writer are removed by the next one.
 */
public final class OutputSet {
    private static final AtomicLong SEQ = new AtomicLong();
    /** Folders in {@code --out} that are not one run's results but reused across runs: they move to the new set. */
    static final java.util.List<String> CARRIED = java.util.List.of("estimated-profiles");

    private OutputSet() {
    }

    /** Writes a set with {@code writer} (given the folder to write into) and makes it {@code dir}'s content. */
    public static void commit(Path dir, Consumer<Path> writer) {
        Path out = dir.toAbsolutePath().normalize();
        Path parent = out.getParent();
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)
                && !Files.isSymbolicLink(out)) {
            throw new InputException(dir, null, "is a file, not an output folder.", "name a folder with --out (or "
                    + "outputs:).");
        }
        String id = String.format(Locale.ROOT, "%d-%d-%d", System.currentTimeMillis(), ProcessHandle.current().pid(),
                SEQ.incrementAndGet());
        Path sets = parent.resolve("." + out.getFileName() + ".sets");
        Path set = sets.resolve(id);
        try {
            Files.createDirectories(set);
            try {
                writer.accept(set);
            } catch (RuntimeException | Error e) {
                delete(set); // a half-written set must not linger
                throw e;
            }
            for (String keep : CARRIED) {
                Path from = out.resolve(keep);
                if (Files.isDirectory(from) && !Files.exists(set.resolve(keep), LinkOption.NOFOLLOW_LINKS)) {
                    Files.move(from, set.resolve(keep), StandardCopyOption.ATOMIC_MOVE);
                }
            }
            if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
                adopt(out, sets.resolve("earlier-" + id)); // a folder from before sets, or made by the user
            }
            Path link = parent.resolve("." + out.getFileName() + ".link-" + id);
            Files.createSymbolicLink(link, parent.relativize(set));
            Files.move(link, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            clean(sets, set);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outputs in " + dir, e);
        }
    }

    /**
     * A run failed before writing: what {@code dir} held moves to {@code DIR.previous}, so nothing in {@code dir} looks
     * like this run's results. Returns where it went, or null when {@code dir} held nothing.
     */
    public static Path retire(Path dir) {
        Path out = dir.toAbsolutePath().normalize();
        if (!Files.exists(out, LinkOption.NOFOLLOW_LINKS) || Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS)) {
            return null;
        }
        try {
            if (Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> s = Files.list(out)) {
                    if (s.findAny().isEmpty()) {
                        return null;
                    }
                }
            }
            Path previous = out.resolveSibling(out.getFileName() + ".previous");
            delete(previous);
            if (Files.isSymbolicLink(out)) {
                Path set = out.toRealPath();
                Files.delete(out);
                Files.move(set, previous, StandardCopyOption.ATOMIC_MOVE);
            } else {
                Files.move(out, previous, StandardCopyOption.ATOMIC_MOVE);
            }
            return previous;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move aside the outputs in " + dir, e);
        }
    }

    /** Moves a real folder into the sets (so the link can take its place); an empty one is just removed. */
    private static void adopt(Path out, Path into) throws IOException {
        try {
            Files.delete(out);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            Files.move(out, into, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** Removes every set but {@code keep} (earlier sets, and any a stopped writer left), and stray links. */
    private static void clean(Path sets, Path keep) throws IOException {
        try (Stream<Path> s = Files.list(sets)) {
            for (Path p : s.toList()) {
                if (!p.equals(keep)) {
                    delete(p);
                }
            }
        }
        String prefix = sets.getFileName().toString().replaceFirst("\\.sets$", "") + ".link-";
        try (Stream<Path> s = Files.list(sets.getParent())) {
            for (Path p : s.toList()) {
                if (p.getFileName().toString().startsWith(prefix)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void delete(Path p) throws IOException {
        if (Files.isSymbolicLink(p) || !Files.isDirectory(p)) {
            Files.deleteIfExists(p);
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }
}
