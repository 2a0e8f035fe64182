package servesim.aiconfigurator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import servesim.formats.importer.ProfileImporter;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.InputException;
import servesim.models.OpKey;
import servesim.models.Operator;

/** Imports from the AIConfigurator copy in ../shared/data (skipped without it), checked against its raw rows. */
class AicImporterTest {
    static final Path DATA = Path.of("..", "..", "shared", "data", "aiconfigurator").toAbsolutePath().normalize();

    static Path data() {
        assumeTrue(Files.isDirectory(DATA), "skipped: reference data " + DATA + " is absent");
        return DATA;
    }

    static ProfileImporter.Output run(String system, String model, List<Integer> tps, String dtype) {
        return new AicImporter().importTree(data(), new ProfileImporter.Options(tps, null, model, system, null, null,
                dtype));
    }

    static Profile profile(ProfileImporter.Output out, String suffix) {
        return out.profiles().entrySet().stream().filter(e -> e.getKey().endsWith(suffix)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + suffix + " in " + out.profiles().keySet())).getValue();
    }

    static double us(Profile p, String op, java.util.function.Predicate<ProfileRow> where) {
        return p.rows().stream().filter(r -> r.op().equals(op) && where.test(r)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + op + " row")).latency().medianUs();
    }

    @Test
    void measuredGemmsAreTheTableRowsAndTheUncollectedSitesAreEstimated() {
        ProfileImporter.Output out = run("rtx_pro_6000_server", "meta-llama/Llama-3.1-8B", List.of(1), null);
        Profile p = profile(out, "meta-llama/Llama-3.1-8B/bf16/tp1.arrow");
        try (ParquetSource src = new ParquetSource()) {
            Path gemm = DATA.resolve("systems/data/rtx_pro_6000_server/gemm/vllm/0.19.0/gemm_perf.parquet");
            // qkv at m = 1: n = 4096 + 2 x 1024, k = 4096 is a collected site (the README's 37.3 us)
            double raw = (Double) src.select(gemm, List.of("latency"),
                    "gemm_dtype = 'bfloat16' AND m = 1 AND n = 6144 AND k = 4096").rows().get(0)[0] * 1000;
            ProfileRow qkv = p.rows().stream().filter(r -> r.op().equals("qkv_proj") && r.keys().tokens() == 1)
                    .findFirst().orElseThrow();
            assertEquals(raw, qkv.latency().medianUs(), 1e-9);
            assertEquals("measured", qkv.label());
            assertEquals(37.3, qkv.latency().medianUs(), 0.1);
        }
        // gate_up (n = 28672) is not a collected site: utilisation carried from neighbours (README: 160.0 us at m=1)
        ProfileRow gateUp = p.rows().stream().filter(r -> r.op().equals("gate_up_proj") && r.keys().tokens() == 1)
                .findFirst().orElseThrow();
        assertEquals("estimated", gateUp.label());
        assertEquals(160.0, gateUp.latency().medianUs(), 160.0 * 0.05);
        assertEquals("import:aiconfigurator", p.metadata().source());
        assertEquals("RTXPRO6000", p.metadata().device());
        assertEquals("095f58a51c4ca8e61b66ec108d86f223f8d559ce", p.metadata().extra().get("aiconfigurator.source_commit"));
        assertEquals("sum", p.metadata().extra().get("attention.mixed"));
        assertTrue(p.metadata().extra().get("aiconfigurator.coverage").contains("qkv_proj=74/0/0/0/0"),
                p.metadata().extra().get("aiconfigurator.coverage"));
        assertTrue(out.texts().keySet().stream().anyMatch(k -> k.endsWith("coverage.csv")));
    }

    @Test
    void decodeAttentionIsTheTableAtMeasuredPointsAndNeverBeatsDramSpeedOfLight() {
        Profile p = profile(run("rtx_pro_6000_server", "meta-llama/Llama-3.1-8B", List.of(1), null), "bf16/tp1.arrow");
        // README: 8 x 8192 (KV = isl 1 + step 8191) measured 196.1 us; 1 x 64 measured 8.65 us
        assertEquals(196.1, us(p, "attention", r -> r.keys().decodeSeqs() == 8 && r.keys().kvDecode() == 8192), 0.1);
        assertEquals(8.65, us(p, "attention", r -> r.keys().decodeSeqs() == 1 && r.keys().kvDecode() == 64), 0.01);
        double bw = 1792e9;
        for (ProfileRow r : p.rows()) {
            if (r.op().equals("attention") && r.keys().prefillTokens() == 0) {
                double bytes = r.keys().decodeSeqs() * (r.keys().kvDecode() * 8.0 * 128 * 2 * 2 + 2.0 * 32 * 128 * 2);
                assertTrue(r.latency().medianUs() >= bytes / bw * 1e6 * (1 - 1e-9), r.toString());
            }
        }
        // 64 x 512 measured 56.9 us: 134 MB at 2.36 TB/s, above the 1.79 TB/s DRAM peak, so raised to the floor
        ProfileRow l2 = p.rows().stream().filter(r -> r.op().equals("attention") && r.keys().prefillTokens() == 0
                && r.keys().decodeSeqs() == 64 && r.keys().kvDecode() == 512).findFirst().orElseThrow();
        assertEquals("floored", l2.label());
        assertEquals(64 * (512 * 4096.0 + 2 * 32 * 128 * 2) / bw * 1e6, l2.latency().medianUs(), 0.01);
    }

    @Test
    void prefillWithAPrefixCostsItsShareOfTheCausalSquare() {
        Profile p = profile(run("h100_sxm", "meta-llama/Llama-3.1-8B", List.of(1), null), "bf16/tp1.arrow");
        double full = us(p, "attention", r -> r.keys().decodeSeqs() == 0 && r.keys().prefillTokens() == 2048
                && r.keys().kvPrefill() == 0);
        double whole = us(p, "attention", r -> r.keys().decodeSeqs() == 0 && r.keys().prefillTokens() == 1024
                && r.keys().kvPrefill() == 1024);
        assertEquals(full * (2048.0 * 2048 - 1024 * 1024) / (2048.0 * 2048), whole, 1e-9);
    }

    @Test
    void aShortChunkOverALongPrefixCostsItsTileWalkNotItsShareOfTheWork() {
        Profile p = profile(run("rtx_pro_6000_server", "meta-llama/Llama-3.1-8B", List.of(1), null), "bf16/tp1.arrow");
        ProfileRow r = p.rows().stream().filter(x -> x.op().equals("attention") && x.keys().decodeSeqs() == 0
                && x.keys().prefillTokens() == 16 && x.keys().kvPrefill() == 8192).findFirst().orElseThrow();
        assertEquals("floored", r.label());
        // AIConfigurator's one-head causal prefill of 8208 tokens (172.6 us at 8192); LLMServingSim measured 187 us
        assertEquals(173, r.latency().medianUs(), 3);
    }

    @ParameterizedTest
    @CsvSource({"h100_sxm,meta-llama/Llama-3.1-70B,2;4;8", "h200_sxm,meta-llama/Llama-3.1-70B,2;4;8",
        "b200_sxm,Qwen/Qwen3-32B,1;2;4;8", "gb200,Qwen/Qwen3-30B-A3B,1;2;4",
        "rtx_pro_6000_server,Qwen/Qwen3-32B,1;2;4;8", "a100_sxm,meta-llama/Llama-3.1-8B,1;2;4;8"})
    void everySystemImportsTheDegreesItsMemoryAllows(String system, String model, String tps) {
        ProfileImporter.Output out = run(system, model, List.of(), null);
        List<Integer> got = out.profiles().values().stream().filter(p -> !p.metadata().model().equals("*"))
                .map(p -> p.metadata().tp()).sorted().toList();
        assertEquals(java.util.Arrays.stream(tps.split(";")).map(Integer::parseInt).toList(), got);
        for (Profile p : out.profiles().values()) {
            if (p.metadata().model().equals("*")) {
                assertTrue(p.rows().stream().anyMatch(r -> r.op().equals("allreduce")), "no all-reduce");
                continue;
            }
            ProfileLookup l = ProfileLookup.compile(p, system, new LookupWarnings(m -> { }));
            for (Operator op : List.of(Operator.EMBEDDING, Operator.QKV_PROJ, Operator.O_PROJ, Operator.LM_HEAD)) {
                assertTrue(l.latencyUs(op, op == Operator.LM_HEAD ? OpKey.sequences(64) : OpKey.tokens(512)) > 0);
            }
            assertTrue(l.latencyUs(Operator.ATTENTION, OpKey.attention(512, 1024, 32, 2000)) > 0);
            Map<String, Long> labels = p.rows().stream().collect(Collectors.groupingBy(ProfileRow::label,
                    Collectors.counting()));
            assertTrue(labels.getOrDefault("measured", 0L) > 100, labels.toString());
        }
    }

    @Test
    void a100FollowsReusePointersToOlderTables() {
        ProfileImporter.Output out = new AicImporter().importTree(data(), new ProfileImporter.Options(List.of(1),
                null, "meta-llama/Llama-3.1-8B", "a100_sxm", "vllm", "0.22.0", null));
        String tables = profile(out, "bf16/tp1.arrow").metadata().extra().get("aiconfigurator.tables");
        assertTrue(tables.contains("gemm_perf=gemm/vllm/0.14.0 (reused from [0.22.0])"), tables);
    }

    @Test
    void qwenMoeRowsAreTheFusedCallPlusTheRouterAndTp8IsEstimatedFromTheMeasuredDegrees() {
        ProfileImporter.Output out = run("h100_sxm", "Qwen/Qwen3-30B-A3B", List.of(4, 8), null);
        Profile tp4 = profile(out, "bf16/tp4.arrow");
        Profile tp8 = profile(out, "bf16/tp8.arrow");
        ProfileRow r4 = tp4.rows().stream().filter(r -> r.op().equals("moe") && r.keys().tokens() == 1).findFirst()
                .orElseThrow();
        ProfileRow r8 = tp8.rows().stream().filter(r -> r.op().equals("moe") && r.keys().tokens() == 1).findFirst()
                .orElseThrow();
        assertEquals("measured", r4.label());
        assertEquals(8, r4.keys().activeExperts());
        assertEquals("estimated", r8.label());
        // at 32 tokens (256 pairs, all 128 experts active when balanced) the row for 128 active experts is measured
        assertEquals("measured", tp4.rows().stream().filter(r -> r.op().equals("moe") && r.keys().tokens() == 32
                && r.keys().activeExperts() == 128).findFirst().orElseThrow().label());
        double few = us(tp4, "moe", r -> r.keys().tokens() == 32 && r.keys().activeExperts() == 32);
        double all = us(tp4, "moe", r -> r.keys().tokens() == 32 && r.keys().activeExperts() == 128);
        assertTrue(few < all, "fewer active experts stream fewer weights: " + few + " vs " + all);
        assertTrue(r8.latency().medianUs() < r4.latency().medianUs(), r8 + " vs " + r4);
        assertNotNull(tp8.metadata().extra().get("aiconfigurator.moe_distribution"));
    }

    @Test
    void badSelectionsNameTheFixAndFailBeforeWriting() {
        data(); // skip here without the data, not inside assertThrows
        InputException sys = assertThrows(InputException.class, () -> run("h300", "meta-llama/Llama-3.1-8B",
                List.of(), null));
        assertTrue(sys.getMessage().contains("h100_sxm"), sys.getMessage());
        InputException ver = assertThrows(InputException.class, () -> new AicImporter().importTree(data(),
                new ProfileImporter.Options(List.of(1), null, "meta-llama/Llama-3.1-8B", "h100_sxm", "vllm", "0.9.9",
                        null)));
        assertTrue(ver.getMessage().contains("0.19.0"), ver.getMessage());
        InputException fw = assertThrows(InputException.class, () -> new AicImporter().importTree(data(),
                new ProfileImporter.Options(List.of(1), null, "meta-llama/Llama-3.1-8B", "h100_sxm", "sglang", null,
                        null)));
        assertTrue(fw.getMessage().contains("frameworks here: [vllm]"), fw.getMessage());
        InputException mem = assertThrows(InputException.class, () -> run("h100_sxm", "meta-llama/Llama-3.1-70B",
                List.of(1), null));
        assertTrue(mem.getMessage().contains("GiB"), mem.getMessage());
        InputException dt = assertThrows(InputException.class, () -> run("h100_sxm", "meta-llama/Llama-3.1-8B",
                List.of(1), "fp16"));
        assertTrue(dt.getMessage().contains("bf16"), dt.getMessage());
    }

    @Test
    void fp8ImportsUseTheFp8GemmRows() {
        Profile bf16 = profile(run("h100_sxm", "meta-llama/Llama-3.1-8B", List.of(1), "bf16"), "bf16/tp1.arrow");
        Profile fp8 = profile(run("h100_sxm", "meta-llama/Llama-3.1-8B", List.of(1), "fp8"), "fp8/tp1.arrow");
        assertEquals("fp8", fp8.metadata().dtype());
        double a = us(bf16, "gate_up_proj", r -> r.keys().tokens() == 4096);
        double b = us(fp8, "gate_up_proj", r -> r.keys().tokens() == 4096);
        assertTrue(b < a * 0.8, "fp8 " + b + " vs bf16 " + a);
    }
}
