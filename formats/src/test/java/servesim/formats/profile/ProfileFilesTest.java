package servesim.formats.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.models.InputException;

/** Profile files are parsed once while unchanged, re-read when changed, and their digest is the file's SHA-256. */
class ProfileFilesTest {
    @Test
    void aFileIsParsedOnceUntilItChanges(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("tp1.arrow");
        ProfileWriter.write(new Profile(ProfileRoundTripTest.meta(), List.of(ProfileRow.of("qkv_proj",
                RowKeys.tokens(16), 10.5))), f);
        Profile a = ProfileFiles.read(f);
        assertSame(a, ProfileFiles.read(dir.resolve(".").resolve("tp1.arrow")), "same file, same parse");
        assertEquals(ProfileFiles.digest(f), ProfileFiles.sha256(f));
        assertEquals(64, ProfileFiles.sha256(f).length());

        ProfileWriter.write(new Profile(ProfileRoundTripTest.meta(), List.of(ProfileRow.of("qkv_proj",
                RowKeys.tokens(16), 10.5), ProfileRow.of("qkv_proj", RowKeys.tokens(32), 19.0))), f);
        Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 5000));
        Profile b = ProfileFiles.read(f);
        assertNotSame(a, b, "a changed file is read again");
        assertEquals(2, b.rows().size());
        assertEquals(ProfileFiles.digest(f), ProfileFiles.sha256(f), "and its digest is the new file's");
    }

    @Test
    void digestsAreRememberedForTheSameFileOnly(@TempDir Path dir) throws Exception {
        String before = System.getProperty("servesim.cache");
        System.setProperty("servesim.cache", dir.resolve("cache").toString());
        try {
            Path f = dir.resolve("tp2.arrow");
            ProfileWriter.write(new Profile(ProfileRoundTripTest.meta(), List.of(ProfileRow.of("qkv_proj",
                    RowKeys.tokens(8), 3.0))), f);
            ProfileFiles.read(f);
            String sha = ProfileFiles.sha256(f);
            assertEquals(sha, ProfileFiles.rememberedDigest(f), "remembered for the next run");
            Files.setLastModifiedTime(f, FileTime.fromMillis(Files.getLastModifiedTime(f).toMillis() + 7000));
            assertEquals(null, ProfileFiles.rememberedDigest(f), "a touched file is hashed again");
            Files.writeString(ProfileFiles.cacheDir().resolve("junk.txt"), "garbage");
            System.setProperty("servesim.cache", "off");
            assertEquals(null, ProfileFiles.cacheDir());
            assertEquals(ProfileFiles.digest(f), ProfileFiles.sha256(f));
        } finally {
            if (before == null) {
                System.clearProperty("servesim.cache");
            } else {
                System.setProperty("servesim.cache", before);
            }
        }
    }

    @Test
    void badFilesFailAsTheReaderSays(@TempDir Path dir) throws Exception {
        assertThrows(InputException.class, () -> ProfileFiles.read(dir.resolve("missing.arrow")));
        Path junk = Files.writeString(dir.resolve("junk.arrow"), "not arrow");
        assertThrows(InputException.class, () -> ProfileFiles.read(junk));
        assertThrows(InputException.class, () -> ProfileFiles.read(junk), "failures are not cached as profiles");
    }
}
