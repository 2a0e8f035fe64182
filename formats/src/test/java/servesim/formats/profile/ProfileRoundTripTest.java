package servesim.formats.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.models.InputException;

class ProfileRoundTripTest {
    @TempDir
    Path dir;

    static ProfileMetadata meta() {
        return new ProfileMetadata("cpu", "cpu", "servesim/tiny-llama", "fp32", "fp32", 1, "test", "0", "host",
                "2026-01-01T00:00:00Z", false, Map.of("k", "v"));
    }

    @Test
    void everyColumnSurvivesWriteAndRead() {
        List<ProfileRow> rows = List.of(
                ProfileRow.of("qkv_proj", RowKeys.tokens(16), new LatencyStats(10.5, 11.0, 0.5, 10.0, 12.0, 30)),
                new ProfileRow("attention", RowKeys.attention(16, 0, 2, 128), LatencyStats.single(20.25), 150.0,
                        3037.5, null, null),
                new ProfileRow("attention_skew", RowKeys.attention(0, 0, 2, 128), LatencyStats.single(53.343), null,
                        null, "pure", new SkewStats(1L, 0.5, 4.0, 512L, 320L, 52.128, 56.254, 0.2945)),
                new ProfileRow("attention_skew_fit", new RowKeys(null, null, 0L, null, null, null, null, null),
                        LatencyStats.none(4), null, null, "n<=128|sr<=15%|kvB<=16k|kp=0",
                        new SkewStats(null, null, null, null, null, null, null, 0.0317)),
                ProfileRow.of("moe", RowKeys.moe(8, 16), 126.751),
                ProfileRow.of("allreduce", RowKeys.bytes(1 << 20), 40.0));
        Profile p = new Profile(meta(), rows);
        Path f = dir.resolve("p.arrow");
        ProfileWriter.write(p, f);
        Profile back = ProfileReader.read(f);
        assertEquals(p.metadata(), back.metadata());
        assertEquals(rows.size(), back.rows().size());
        for (int i = 0; i < rows.size(); i++) {
            ProfileRow a = rows.get(i);
            ProfileRow b = back.rows().get(i);
            if (Double.isNaN(a.latency().medianUs())) {
                assertTrue(Double.isNaN(b.latency().medianUs()));
                assertEquals(a.skew(), b.skew());
                assertEquals(a.label(), b.label());
                assertEquals(a.latency().samples(), b.latency().samples());
            } else {
                assertEquals(a, b);
            }
        }
    }

    @Test
    void writeIsAtomicAndLeavesNoTempFiles() throws IOException {
        Path f = dir.resolve("sub/p.arrow");
        ProfileWriter.write(new Profile(meta(), List.of(ProfileRow.of("embedding", RowKeys.tokens(1), 1.0))), f);
        try (var s = Files.list(f.getParent())) {
            assertEquals(List.of(f), s.toList());
        }
    }

    @Test
    void foreignArrowAndGarbageAreClearErrors() throws IOException {
        Path g = dir.resolve("garbage.arrow");
        Files.writeString(g, "not arrow");
        InputException e = assertThrows(InputException.class, () -> ProfileReader.read(g));
        assertTrue(e.getMessage().contains(g.toString()), e.getMessage());
        InputException e2 = assertThrows(InputException.class, () -> ProfileReader.read(dir.resolve("none.arrow")));
        assertTrue(e2.getMessage().contains("not found"));
    }

    @Test
    void newerFormatVersionIsRefused() {
        Map<String, String> m = new java.util.HashMap<>(ProfileWriter.toSchemaMetadata(meta()));
        m.put("servesim.format_version", "99");
        InputException e = assertThrows(InputException.class, () -> ProfileReader.metadata(m, Path.of("x.arrow")));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
        m.put("servesim.format", "other");
        assertFalse(assertThrows(InputException.class, () -> ProfileReader.metadata(m, Path.of("x.arrow")))
                .getMessage().isEmpty());
    }
}
