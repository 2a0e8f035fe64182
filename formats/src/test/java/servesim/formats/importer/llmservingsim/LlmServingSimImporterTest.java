package servesim.formats.importer.llmservingsim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.SharedData;
import servesim.formats.csv.CsvTable;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileReader;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.ProfileWriter;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.InputException;
import servesim.models.OpKey;
import servesim.models.Operator;

class LlmServingSimImporterTest {
    @TempDir
    Path tmp;

    static List<Path> bundles() throws IOException {
        Path perf = SharedData.require("llmservingsim/perf");
        try (Stream<Path> s = Files.walk(perf)) {
            return s.filter(p -> p.getFileName().toString().equals("meta.yaml")).map(Path::getParent).sorted()
                    .toList();
        }
    }

    /** Every bundle converts; every CSV row is one profile row with the same numbers, through an Arrow file. */
    @Test
    void everySharedBundleConvertsLosslessly() throws IOException {
        List<Path> bundles = bundles();
        assertEquals(4, bundles.size(), bundles.toString());
        for (Path b : bundles) {
            Map<Integer, Profile> profiles = LlmServingSimImporter.importBundle(b, null);
            for (Map.Entry<Integer, Profile> e : profiles.entrySet()) {
                Path tpDir = b.resolve("tp" + e.getKey());
                Path f = tmp.resolve(b.getFileName() + "-" + b.getParent().getFileName() + "-tp" + e.getKey() + ".arrow");
                ProfileWriter.write(e.getValue(), f);
                Profile back = ProfileReader.read(f);
                assertEquals(e.getKey(), back.metadata().tp());
                assertEquals("import:llmservingsim", back.metadata().source());
                Map<String, List<ProfileRow>> byOp = back.rowsByOp();
                CsvTable dense = CsvTable.read(tpDir.resolve("dense.csv"));
                CsvTable perSeq = CsvTable.read(tpDir.resolve("per_sequence.csv"));
                long denseRows = byOp.entrySet().stream()
                        .filter(x -> !List.of("lm_head", "sampler", "attention", "moe", "attention_skew",
                                "attention_skew_fit").contains(x.getKey()))
                        .mapToLong(x -> x.getValue().size()).sum();
                assertEquals(dense.size(), denseRows, tpDir + " dense");
                assertEquals(perSeq.size(), byOp.get("lm_head").size() + byOp.get("sampler").size());
                assertEquals(CsvTable.read(tpDir.resolve("attention.csv")).size(), byOp.get("attention").size());
                assertCount(tpDir.resolve("moe.csv"), byOp.get("moe"));
                assertCount(tpDir.resolve("skew.csv"), byOp.get("attention_skew"));
                assertCount(tpDir.resolve("skew_fit.csv"), byOp.get("attention_skew_fit"));
                sampleValues(tpDir, back);
            }
        }
    }

    private static void assertCount(Path csv, List<ProfileRow> rows) {
        if (Files.exists(csv)) {
            assertEquals(CsvTable.read(csv).size(), rows.size(), csv.toString());
        } else {
            assertTrue(rows == null, csv + " absent but rows present");
        }
    }

    /** Every 97th row of each CSV reappears at the same position with the same value. */
    private static void sampleValues(Path tpDir, Profile p) {
        Map<String, List<ProfileRow>> byOp = p.rowsByOp();
        CsvTable att = CsvTable.read(tpDir.resolve("attention.csv"));
        for (int i = 0; i < att.size(); i += 97) {
            ProfileRow r = byOp.get("attention").get(i);
            assertEquals(att.integer(i, "prefill_chunk"), r.keys().prefillTokens());
            assertEquals(att.integer(i, "kv_decode"), r.keys().kvDecode());
            assertEquals(att.number(i, "time_us"), r.latency().medianUs());
        }
        CsvTable dense = CsvTable.read(tpDir.resolve("dense.csv"));
        List<ProfileRow> denseRows = p.rows().stream().filter(r -> r.keys().tokens() != null
                && r.keys().activeExperts() == null).toList();
        for (int i = 0; i < dense.size(); i += 97) {
            ProfileRow r = denseRows.get(i);
            assertEquals(LlmServingSimImporter.LAYER_NAMES.get(dense.text(i, "layer")), r.op());
            assertEquals(dense.integer(i, "tokens"), r.keys().tokens());
            assertEquals(dense.number(i, "time_us"), r.latency().medianUs());
        }
        Path skew = tpDir.resolve("skew.csv");
        if (Files.exists(skew)) {
            CsvTable s = CsvTable.read(skew);
            for (int i = 0; i < s.size(); i += 501) {
                ProfileRow r = byOp.get("attention_skew").get(i);
                assertEquals(s.text(i, "regime"), r.label());
                assertEquals(s.number(i, "t_skew_us"), r.latency().medianUs());
                assertEquals(s.optionalNumber(i, "alpha"), r.skew().alpha());
                assertEquals(s.integer(i, "kv_big"), r.skew().kvBig());
            }
        }
    }

    @Test
    void importedProfileAnswersLookupsAtMeasuredPoints() {
        Path b = SharedData.require("llmservingsim/perf/RTX4090/meta-llama/Llama-3.1-8B/bf16");
        Profile p = LlmServingSimImporter.importBundle(b, 1).get(1);
        ProfileLookup l = ProfileLookup.compile(p, b.toString(), new LookupWarnings(m -> { }));
        // first rows of attention.csv and dense.csv
        assertEquals(9.31067, l.latencyUs(Operator.ATTENTION, OpKey.attention(0, 0, 1, 16)), 1e-9);
        assertEquals(2.592, l.latencyUs(Operator.ACT_FN, 1), 1e-9);
        assertEquals(1096.93, l.latencyUs(Operator.LM_HEAD, 1), 1e-9);
        double ln = l.latencyUs(Operator.INPUT_LAYERNORM, 100);
        assertEquals(ln, l.latencyUs(Operator.POST_ATTENTION_LAYERNORM, 100));
        assertFalse(l.has(Operator.MOE));
    }

    // ---- error paths, on small bundles written here ----

    private Path bundle(String dense) throws IOException {
        Path b = tmp.resolve("bundle");
        Files.createDirectories(b.resolve("tp1"));
        Files.writeString(b.resolve("meta.yaml"), "hardware: TESTGPU\nmodel: org/m\nvariant: bf16\ntp_degrees: [1]\n");
        Files.writeString(b.resolve("tp1/dense.csv"), dense);
        Files.writeString(b.resolve("tp1/per_sequence.csv"), "layer,sequences,time_us\nlm_head,1,5.0\n");
        Files.writeString(b.resolve("tp1/attention.csv"),
                "prefill_chunk,kv_prefill,n_decode,kv_decode,time_us\n16,0,0,0,3.5\n");
        return b;
    }

    @Test
    void validSmallBundleImports() throws IOException {
        Profile p = LlmServingSimImporter.importBundle(bundle("layer,tokens,time_us\nqkv_proj,1,2.5\n"), null).get(1);
        assertEquals(3, p.rows().size());
        assertEquals("TESTGPU", p.metadata().device());
    }

    @Test
    void missingColumnNamesFileLineColumn() throws IOException {
        Path b = bundle("layer,tok,time_us\nqkv_proj,1,2.5\n");
        InputException e = assertThrows(InputException.class, () -> LlmServingSimImporter.importBundle(b, null));
        assertTrue(e.getMessage().contains("dense.csv") && e.getMessage().contains("line 1, column 'tokens'"),
                e.getMessage());
    }

    @Test
    void nonNumericCellNamesFileLineColumn() throws IOException {
        Path b = bundle("layer,tokens,time_us\nqkv_proj,1,2.5\nqkv_proj,2,fast\n");
        InputException e = assertThrows(InputException.class, () -> LlmServingSimImporter.importBundle(b, null));
        assertTrue(e.getMessage().contains("dense.csv, line 3, column 'time_us'") && e.getMessage().contains("fast"),
                e.getMessage());
    }

    @Test
    void unknownLayerNameNamesFileLineColumn() throws IOException {
        Path b = bundle("layer,tokens,time_us\nqkv_proj,1,2.5\nmystery_proj,2,3.0\n");
        InputException e = assertThrows(InputException.class, () -> LlmServingSimImporter.importBundle(b, null));
        assertTrue(e.getMessage().contains("line 3, column 'layer'") && e.getMessage().contains("mystery_proj"),
                e.getMessage());
    }

    @Test
    void ragedRowAndMissingFilesAreReported() throws IOException {
        Path b = bundle("layer,tokens,time_us\nqkv_proj,1\n");
        InputException e = assertThrows(InputException.class, () -> LlmServingSimImporter.importBundle(b, null));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("2 cells"), e.getMessage());
        Files.delete(b.resolve("tp1/attention.csv"));
        Files.writeString(b.resolve("tp1/dense.csv"), "layer,tokens,time_us\nqkv_proj,1,2\n");
        InputException e2 = assertThrows(InputException.class, () -> LlmServingSimImporter.importBundle(b, null));
        assertTrue(e2.getMessage().contains("attention.csv") && e2.getMessage().contains("missing"), e2.getMessage());
        InputException e3 = assertThrows(InputException.class,
                () -> LlmServingSimImporter.importBundle(tmp.resolve("nowhere"), null));
        assertTrue(e3.getMessage().contains("meta.yaml is missing"), e3.getMessage());
    }

    @Test
    void missingTpFolderAndUnknownTpAreReported() throws IOException {
        Path b = bundle("layer,tokens,time_us\nqkv_proj,1,2.5\n");
        Files.writeString(b.resolve("meta.yaml"), "hardware: X\nmodel: m\nvariant: bf16\ntp_degrees: [1, 2]\n");
        InputException e = assertThrows(InputException.class, () -> LlmServingSimImporter.importBundle(b, null));
        assertTrue(e.getMessage().contains("tp2") && e.getMessage().contains("lists tp 2"), e.getMessage());
        InputException e2 = assertThrows(InputException.class, () -> LlmServingSimImporter.importBundle(b, 4));
        assertTrue(e2.getMessage().contains("no tp 4"), e2.getMessage());
        Files.writeString(b.resolve("meta.yaml"), "model: m\nvariant: bf16\ntp_degrees: [1]\n");
        InputException e3 = assertThrows(InputException.class, () -> LlmServingSimImporter.importBundle(b, null));
        assertTrue(e3.getMessage().contains("field 'hardware'"), e3.getMessage());
    }
}
