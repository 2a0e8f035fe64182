package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.models.Operator;

class CliTest {
    static final Path SHARED = Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();

    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    /** Spark lives in its own module: the CLI's class path never carries it. */
    @Test
    void theCliCarriesNoSpark() {
        org.junit.jupiter.api.Assertions.assertThrows(ClassNotFoundException.class,
                () -> Class.forName("org.apache.spark.SparkContext"));
    }

    @Test
    void importThenInfoListsEveryOperatorWithKeyRanges() {
        Path bundle = SHARED.resolve("llmservingsim/perf/RTX4090/meta-llama/Llama-3.1-8B/bf16");
        assumeTrue(Files.isDirectory(bundle), "skipped: ../shared/data is absent");
        Result imp = run("import", "llmservingsim", bundle.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(0, imp.code(), imp.err());
        Path f = tmp.resolve("out/tp1.arrow");
        assertTrue(Files.isRegularFile(f), imp.out());
        Result info = run("profile", "info", f.toString());
        assertEquals(0, info.code(), info.err());
        for (String op : new String[] {"embedding", "input_layernorm", "qkv_proj", "rotary_emb", "attention", "o_proj",
            "gate_up_proj", "act_fn", "down_proj", "final_layernorm", "lm_head", "sampler", "attention_skew",
            "attention_skew_fit"}) {
            assertTrue(info.out().contains("\n  " + op + " "), op + " missing in\n" + info.out());
        }
        assertTrue(info.out().contains("tokens 1-"), info.out());
        assertTrue(info.out().contains("prefill_tokens 0-2048"), info.out());
        assertTrue(info.out().contains("post_attention_layernorm -> rows of input_layernorm"), info.out());
    }

    @Test
    void analyticalProfileIsLoudlyAnEstimate() {
        Path f = tmp.resolve("h100.arrow");
        Result r = run("profile", "analytical", "--device", "H100-SXM", "--model", "servesim/tiny-llama", "--out",
                f.toString());
        assertEquals(0, r.code(), r.err());
        Result info = run("profile", "info", f.toString());
        assertTrue(info.out().contains("ESTIMATE"), info.out());
        for (Operator op : new Operator[] {Operator.QKV_PROJ, Operator.ATTENTION, Operator.LM_HEAD}) {
            assertTrue(info.out().contains(op.opName()));
        }
    }

    @Test
    void badInputExitsTwoNamingTheProblemAndWritesNothing() throws IOException {
        Path out = tmp.resolve("never");
        Result r = run("import", "llmservingsim", tmp.resolve("missing").toString(), "--out", out.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("meta.yaml is missing"), r.err());
        assertFalse(Files.exists(out));

        Path bundle = tmp.resolve("b");
        Files.createDirectories(bundle.resolve("tp1"));
        Files.writeString(bundle.resolve("meta.yaml"), "hardware: X\nmodel: m\nvariant: bf16\ntp_degrees: [1]\n");
        Files.writeString(bundle.resolve("tp1/dense.csv"), "layer,tokens,time_us\nqkv_proj,1,oops\n");
        Result bad = run("import", "llmservingsim", bundle.toString(), "--out", out.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("dense.csv, line 2, column 'time_us'"), bad.err());
        assertFalse(Files.exists(out));
        try (Stream<Path> s = Files.walk(tmp)) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".part")));
        }
    }

    /** Import formats come from a registry: an unknown one lists the known; each checks the flags it needs. */
    @Test
    void importFormatsAreRegisteredAndCheckTheirFlags() {
        Result unknown = run("import", "nope", tmp.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("llmservingsim") && unknown.err().contains("vidur-network"), unknown.err());
        Path vidur = SHARED.resolve("vidur/network/h100_dgx");
        assumeTrue(Files.isDirectory(vidur), "skipped: ../shared/data is absent");
        Result noDevice = run("import", "vidur-network", vidur.toString(), "--out", tmp.resolve("n").toString());
        assertEquals(2, noDevice.code());
        assertTrue(noDevice.err().contains("--hardware"), noDevice.err());
        Result ok = run("import", "vidur-network", vidur.toString(), "--device", "H100-DGX", "--out",
                tmp.resolve("v").toString());
        assertEquals(0, ok.code(), ok.err());
        assertTrue(Files.isRegularFile(tmp.resolve("v/tp2.arrow")));
    }

    @Test
    void unknownDeviceModelAndFlagsExitTwo() {
        Result d = run("profile", "analytical", "--device", "TPUv9", "--model", "servesim/tiny-llama");
        assertEquals(2, d.code());
        assertTrue(d.err().contains("unknown device 'TPUv9'") && d.err().contains("H100-SXM"), d.err());
        Result m = run("profile", "analytical", "--device", "H100", "--model", "no/such-model");
        assertEquals(2, m.code());
        assertTrue(m.err().contains("no/such-model"), m.err());
        Result tp = run("profile", "analytical", "--device", "H100", "--model", "servesim/tiny-llama", "--tp", "3",
                "--out", tmp.toString());
        assertEquals(2, tp.code());
        assertTrue(tp.err().contains("TP degree 3 does not split") && tp.err().contains("--tp"), tp.err());
        assertEquals(2, run("profile", "info").code());
        assertEquals(2, run("profile", "analytical", "--bogus").code());
        Result notProfile = run("profile", "info", tmp.resolve("nothing.arrow").toString());
        assertEquals(2, notProfile.code());
    }

    @Test
    void modelsAndDevicesList() {
        Result m = run("models");
        assertEquals(0, m.code());
        assertTrue(m.out().contains("Qwen/Qwen3-30B-A3B") && m.out().contains("30.53B"), m.out());
        Result d = run("devices");
        assertTrue(d.out().contains("MI300X") && d.out().contains("RTXPRO6000"), d.out());
    }

    /** servesim pim: DDR4's derived channel figures and Llama-3.1-8B's decode time; a bad file exits 2 naming it. */
    @Test
    void pimShowsDerivedChannelFiguresAndRefusesBadFiles() throws IOException {
        Path ini = SHARED.resolve("llmservingsim/pim/DDR4_8GB_3200_pim.ini");
        assumeTrue(Files.isRegularFile(ini), "skipped: ../shared/data is absent");
        Result r = run("pim", ini.toString(), "--model", "meta-llama/Llama-3.1-8B");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("DDR4_8GB_3200_pim") && r.out().contains("93.0") && r.out().contains("25.6")
                && r.out().contains("over 8 channels"), r.out());
        Path bad = Files.writeString(tmp.resolve("bad.ini"), Files.readString(ini).replace("tCK = 0.63", "tCK = x"));
        Result e = run("pim", bad.toString());
        assertEquals(2, e.code());
        assertTrue(e.err().contains("bad.ini") && e.err().contains("tCK"), e.err());
    }
}
