package servesim.formats.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Profile files read once per process: a run with 64 instances on one profile, or a sweep whose points share
 * profiles, parses each file once ({@link ProfileReader}) and keeps it while the file is unchanged (same path, size
 * and modification time). Reading a file also starts its SHA-256 (recorded in summary.json) on a background
 * thread, so that a short run's digest overlaps its simulation instead of following it.
 *
 * <p>Digests are also remembered between runs, keyed like a build tool's stat cache by the file's absolute path,
 * size and modification time (nanoseconds): one small file per profile under {@code $SERVESIM_CACHE} (or the
 * system property {@code servesim.cache}), else {@code $XDG_CACHE_HOME/servesim/digests}, else
 * {@code ~/.cache/servesim/digests}; {@code off} turns this off. Hashing a 6 MB profile costs ~100 ms of CPU in a
 * short-lived JVM, as much as the whole simulation of a 300-request run; a changed file has a new size or time and
 * is hashed again. A cache that cannot be read or written only costs that time.
 *
 * <p>{@link Profile} is immutable, so sharing it between runs and threads is safe. At most {@link #CAPACITY} files
 * are kept (least recently used first out).
 */
public final class ProfileFiles {
    static final int CAPACITY = 32;

    private record Key(Path path, long size, FileTime modified) {
    }

    private record Entry(Profile profile, CompletableFuture<String> sha256) {
    }

    private static final Map<Key, Entry> LOADED = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, Entry> eldest) {
            return size() > CAPACITY;
        }
    };

    private static final ExecutorService DIGESTS = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "servesim-profile-digest");
        t.setDaemon(true);
        return t;
    });

    private ProfileFiles() {
    }

    /** The profile in {@code file}, parsed once while the file is unchanged; bad files fail as in ProfileReader. */
    public static Profile read(Path file) {
        Key key = key(file);
        if (key == null) {
            return ProfileReader.read(file); // not a readable file: the reader says so
        }
        synchronized (LOADED) {
            Entry e = LOADED.get(key);
            if (e != null) {
                return e.profile();
            }
        }
        Profile p = ProfileReader.read(file);
        synchronized (LOADED) { // two threads may parse one file at once; the first to get here is kept and hashed
            return LOADED.computeIfAbsent(key, k -> new Entry(p, startDigest(k))).profile();
        }
    }

    /** The file's digest: remembered from an earlier run, or computed on the digest thread. */
    private static CompletableFuture<String> startDigest(Key key) {
        String known = remembered(key);
        return known != null ? CompletableFuture.completedFuture(known)
                : CompletableFuture.supplyAsync(() -> remember(key, digest(key.path())), DIGESTS);
    }

    /** The SHA-256 of {@code file} in hex: the digest started when it was read, or computed now. */
    public static String sha256(Path file) {
        Key key = key(file);
        CompletableFuture<String> sha = null;
        if (key != null) {
            synchronized (LOADED) {
                Entry e = LOADED.get(key);
                sha = e == null ? null : e.sha256();
            }
        }
        if (sha == null) {
            return digest(file);
        }
        try {
            return sha.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    private static Key key(Path file) {
        try {
            Path abs = file.toAbsolutePath().normalize();
            if (!Files.isRegularFile(abs)) {
                return null;
            }
            return new Key(abs, Files.size(abs), Files.getLastModifiedTime(abs));
        } catch (IOException e) {
            return null;
        }
    }

    /** The folder of remembered digests, or null when turned off. */
    static Path cacheDir() {
        String dir = System.getProperty("servesim.cache", System.getenv("SERVESIM_CACHE"));
        if (dir != null && !dir.isBlank()) {
            return dir.equals("off") ? null : Path.of(dir).resolve("digests");
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("servesim").resolve("digests");
    }

    private static Path cacheFile(Key key) {
        Path dir = cacheDir();
        String name = key.path().getFileName().toString().replaceAll("[^A-Za-z0-9._-]", "_");
        return dir == null ? null : dir.resolve(String.format("%08x-%s.txt", key.path().toString().hashCode(), name));
    }

    private static String stamp(Key key) {
        return key.size() + "\t" + key.modified().to(java.util.concurrent.TimeUnit.NANOSECONDS) + "\t";
    }

    /** The digest remembered for this very file (same path, size and time), or null. */
    private static String remembered(Key key) {
        try {
            Path f = cacheFile(key);
            if (f == null || !Files.isRegularFile(f)) {
                return null;
            }
            String[] line = Files.readString(f).split("\n", 2)[0].split("\t", 4);
            boolean same = line.length == 4 && (line[0] + "\t" + line[1] + "\t").equals(stamp(key))
                    && line[3].equals(key.path().toString()) && line[2].matches("[0-9a-f]{64}");
            return same ? line[2] : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The digest remembered for {@code file} as it is now, or null (tests). */
    static String rememberedDigest(Path file) {
        Key key = key(file);
        return key == null ? null : remembered(key);
    }

    private static String remember(Key key, String sha) {
        Path f = cacheFile(key);
        if (f == null) {
            return sha;
        }
        Path tmp = null;
        try {
            Files.createDirectories(f.getParent());
            tmp = Files.createTempFile(f.getParent(), ".digest", ".tmp");
            Files.writeString(tmp, stamp(key) + sha + "\t" + key.path() + "\n");
            Files.move(tmp, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            // speed only: the next run hashes the file again
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // nothing more to do
            }
        }
        return sha;
    }

    static String digest(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
