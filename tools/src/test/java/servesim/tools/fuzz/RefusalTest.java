package servesim.tools.fuzz;

import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static servesim.tools.fuzz.Edit.csv;
import static servesim.tools.fuzz.Edit.dropIni;
import static servesim.tools.fuzz.Edit.dropJson;
import static servesim.tools.fuzz.Edit.head;
import static servesim.tools.fuzz.Edit.ini;
import static servesim.tools.fuzz.Edit.json;
import static servesim.tools.fuzz.Edit.line;
import static servesim.tools.fuzz.Edit.onLine;
import static servesim.tools.fuzz.Edit.yaml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The targeted half of the fuzz suite: for every input kind, mutations that must be refused (exit 2, a message naming
 * the file and the line or field, no result files, no hang). Each class of failure found by trying servesim as a new
 * user would (far-future times, overflowing counts, zero or negative links and sizes, empty and header-only files,
 * two objects on a line, max_model_len, engine.json contradicting the cluster, negative profile times, bad CLI
 * values) has its reproduction here.
 */
class RefusalTest {
    record Case(String kind, String what, UnaryOperator<byte[]> edit, String named) {
    }

    static Case text(String kind, String what, UnaryOperator<String> e) {
        return named(kind, what, e, null);
    }

    static Case named(String kind, String what, UnaryOperator<String> e, String named) {
        return new Case(kind, what, b -> e.apply(new String(b, StandardCharsets.UTF_8)).getBytes(
                StandardCharsets.UTF_8), named);
    }

    static Case bytes(String kind, String what, UnaryOperator<byte[]> e) {
        return new Case(kind, what, e, null);
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String t = "llmservingsim-trace";
        String[][] tokens = {{"input_toks", "0"}, {"input_toks", "-1"}, {"input_toks", "2147483648"},
            {"input_toks", "3e9"}, {"input_toks", "\"many\""}, {"input_toks", "null"}, {"input_toks", "1.5"},
            {"output_toks", "0"}, {"output_toks", "-5"}, {"output_toks", "4294967296"}, {"output_toks", "NaN"},
            {"arrival_time_ns", "9223372036854775807"}, {"arrival_time_ns", "-5"}, {"arrival_time_ns", "1e300"},
            {"arrival_time_ns", "\"soon\""}, {"input_toks", "200000"}, {"input_toks", "40000"}};
        for (String[] kv : tokens) {
            c.add(text(t, kv[0] + " " + kv[1] + " on line 3", onLine(3, json(kv[0], kv[1]))));
        }
        c.add(text(t, "two objects on one line", s -> {
            List<String> l = Edit.lines(s);
            l.set(1, l.get(1) + " " + l.get(2));
            return String.join("\n", l) + "\n";
        }));
        c.add(text(t, "text after an object", onLine(2, x -> x + " trailing")));
        c.add(text(t, "a line cut in half", onLine(4, x -> x.substring(0, x.length() / 2))));
        c.add(text(t, "an empty file", s -> ""));
        c.add(text(t, "only blank lines", s -> "\n\n  \n"));
        c.add(text(t, "input_toks missing", onLine(2, dropJson("input_toks"))));
        c.add(text(t, "a line of binary garbage", line(5, "\u0000\u0001\u00ff{{")));
        c.add(text(t, "an array instead of an object", line(2, "[1, 2, 3]")));

        String m = "mooncake-trace";
        c.add(text(m, "an empty file", s -> ""));
        c.add(text(m, "input_length 0", onLine(2, json("input_length", "0"))));
        c.add(text(m, "input_length 3e9", onLine(2, json("input_length", "3000000000"))));
        c.add(text(m, "output_length -1", onLine(3, json("output_length", "-1"))));
        c.add(text(m, "timestamp 1e300", onLine(2, json("timestamp", "1e300"))));
        c.add(text(m, "timestamp -1", onLine(2, json("timestamp", "-1"))));
        c.add(text(m, "timestamp beyond the horizon", onLine(5, json("timestamp", "9000000000000"))));
        c.add(text(m, "output_length missing", onLine(2, dropJson("output_length"))));
        c.add(text(m, "a prompt longer than max_model_len", onLine(2, json("input_length", "65536"))));

        String a = "azure-trace";
        c.add(text(a, "only its header", head(1)));
        c.add(text(a, "ContextTokens -1", csv(2, "ContextTokens", "-1")));
        c.add(text(a, "ContextTokens 2^31", csv(2, "ContextTokens", "2147483648")));
        c.add(text(a, "GeneratedTokens 0", csv(3, "GeneratedTokens", "0")));
        c.add(text(a, "GeneratedTokens abc", csv(3, "GeneratedTokens", "abc")));
        c.add(text(a, "TIMESTAMP not a time", csv(4, "TIMESTAMP", "yesterday")));
        c.add(text(a, "a column missing", s -> s.replace("GeneratedTokens", "Generated")));
        c.add(text(a, "an empty file", s -> ""));

        String v = "vidur-trace";
        c.add(text(v, "only its header", head(1)));
        c.add(text(v, "arrived_at 1e300", csv(3, "arrived_at", "1e300")));
        c.add(text(v, "arrived_at NaN", csv(3, "arrived_at", "NaN")));
        c.add(text(v, "arrived_at -3", csv(3, "arrived_at", "-3")));
        c.add(text(v, "num_prefill_tokens 0", csv(2, "num_prefill_tokens", "0")));
        c.add(text(v, "num_decode_tokens 3e9", csv(2, "num_decode_tokens", "3e9")));
        c.add(text(v, "a short row", line(3, "4.3,396")));

        String cl = "cluster";
        String[][] cluster = {{"link_bw", "0"}, {"link_bw", "-16"}, {"link_latency", "-1"}, {"mem_util", "1.5"},
            {"mem_util", "0"}, {"mem_util", "-0.1"}, {"num_npus", "0"}, {"num_npus", "2"}, {"tp_size", "2"},
            {"tp_size", "0"}, {"num_nodes", "2"}, {"num_nodes", "0"}, {"link_bw", "NaN"}, {"link_bw", "\"fast\""},
            {"model_name", "\"nobody/no-such-model\""}, {"hardware", "\"NoSuchGPU\""}, {"pd_type", "\"sideways\""},
            {"num_instances", "2"}};
        for (String[] kv : cluster) {
            c.add(text(cl, kv[0] + " " + kv[1], json(kv[0], kv[1])));
        }
        c.add(text(cl, "npu mem_size -24", s -> s.replace("\"mem_size\": 24", "\"mem_size\": -24")));
        c.add(text(cl, "npu mem_bw 0", s -> s.replace("\"mem_bw\": 1008", "\"mem_bw\": 0")));
        c.add(text(cl, "cpu mem_size -1", s -> s.replace("\"mem_size\": 64", "\"mem_size\": -1")));
        c.add(text(cl, "a node with no instances", s -> s.replace("\"num_instances\": 1", "\"num_instances\": 0")
                .replaceAll("(?s)\"instances\": \\[.*\\]\\s*}\\s*]", "\"instances\": []}]")));
        c.add(text(cl, "no nodes", s -> s.replaceAll("(?s)\"nodes\": \\[.*\\]", "\"nodes\": []")));
        c.add(text(cl, "not JSON", s -> s.substring(0, s.length() / 2)));
        c.add(text(cl, "an empty file", s -> ""));

        String e = "engine";
        String[][] engine = {{"num_gpu_blocks", "1"}, {"num_gpu_blocks", "1099511627776"}, {"num_gpu_blocks", "-5"},
            {"gpu_memory_utilization", "7"}, {"gpu_memory_utilization", "0"}, {"block_size", "0"},
            {"block_size", "-16"}, {"max_num_seqs", "0"}, {"max_num_batched_tokens", "0"},
            {"max_num_batched_tokens", "-1"}, {"max_model_len", "0"}, {"vllm_version", "\"banana\""},
            {"enable_prefix_caching", "\"maybe\""}};
        for (String[] kv : engine) {
            c.add(text(e, kv[0] + " " + kv[1], json(kv[0], kv[1])));
        }
        c.add(named(e, "max_model_len 10 (shorter than the prompts)", json("max_model_len", "10"), "trace.jsonl"));
        c.add(named(e, "tensor_parallel_size 2 against the cluster's tp 1", json("tensor_parallel_size", "2"),
                "cluster.json"));
        c.add(text(e, "a model other than engine_kwargs.model", s -> s.replaceFirst(
                "\"model\": \"meta-llama/Llama-3.1-8B\"", "\"model\": \"Qwen/Qwen3-32B\"")));
        c.add(named(e, "a model the cluster does not serve", s -> s.replaceAll(
                "\"model\": \"meta-llama/Llama-3.1-8B\"", "\"model\": \"Qwen/Qwen3-32B\""), "cluster.json"));
        c.add(text(e, "a cluster file passed as engine.json", s -> "{\"num_nodes\": 1, \"link_bw\": 16, "
                + "\"nodes\": []}"));
        c.add(text(e, "an unknown top-level key", s -> s.replaceFirst("\"schema_version\"", "\"schema_versio\"")));
        c.add(text(e, "not JSON", s -> s.substring(0, 200)));

        String sc = "scenario";
        String[][] scenario = {{"tick_seconds", "1e-9"}, {"tick_seconds", "0"}, {"tick_seconds", "-1"},
            {"tick_seconds", "NaN"}, {"activation_reserve_gib", "-5"}, {"activation_reserve_gib", "1e300"},
            {"seed", "abc"}, {"router", "nope"}, {"unknown_key", "1"}, {"cluster", "missing.json"},
            {"engine", "7"}, {"goodput", "ttft:-5"}, {"goodput", "speed:5"}};
        for (String[] kv : scenario) {
            c.add(text(sc, kv[0] + " " + kv[1], yaml(kv[0], kv[1])));
        }
        String[][] synth = {{"rate", "1e-300"}, {"rate", "0"}, {"rate", "-2"}, {"requests", "0"},
            {"input_median", "-1"}, {"output_median", "0"}, {"requests", "abc"}};
        for (String[] kv : synth) {
            c.add(text(sc, "synthetic " + kv[0] + " " + kv[1], s -> s.replaceFirst("(?m)^workload:\\n  file: .*$",
                    "workload:\n  synthetic:\n    requests: 10\n    rate: 5\n    input_median: 300\n    "
                    + "output_median: 100\n    " + kv[0] + ": " + kv[1])));
        }
        c.add(text(sc, "outputs naming an existing file", yaml("outputs", "scenario.yaml")));
        c.add(text(sc, "a prefix store larger than the host memory", yaml("prefix_store",
                "{location: cpu, capacity_gib: 100000}")));
        c.add(text(sc, "not YAML", s -> "name: [unclosed\n  - x: {"));
        c.add(text(sc, "an empty file", s -> ""));

        String p = "arrow-profile";
        c.add(bytes(p, "an empty file", b -> new byte[0]));
        c.add(bytes(p, "cut in half", b -> Arrays.copyOf(b, b.length / 2)));
        c.add(bytes(p, "cut to 100 bytes", b -> Arrays.copyOf(b, 100)));
        c.add(bytes(p, "magic bytes zeroed", b -> {
            byte[] x = b.clone();
            Arrays.fill(x, 0, 8, (byte) 0);
            return x;
        }));
        c.add(bytes(p, "text instead of Arrow", b -> "layer,tokens,time_us\n".getBytes(StandardCharsets.UTF_8)));

        for (String f : List.of("dense.csv", "attention.csv", "per_sequence.csv")) {
            String k = "bundle-" + f;
            c.add(text(k, "time_us -3", csv(2, "time_us", "-3")));
            c.add(text(k, "time_us NaN", csv(3, "time_us", "NaN")));
            c.add(text(k, "time_us empty", csv(3, "time_us", "")));
            c.add(text(k, "time_us missing", s -> s.replace("time_us", "time_ms")));
            c.add(text(k, "only its header", head(1)));
            c.add(text(k, "an empty file", s -> ""));
        }
        c.add(text("bundle-dense.csv", "tokens -1", csv(2, "tokens", "-1")));
        c.add(text("bundle-dense.csv", "tokens 2^40", csv(2, "tokens", "1099511627776")));
        c.add(text("bundle-dense.csv", "an unknown layer", csv(2, "layer", "bogus_proj")));
        c.add(text("bundle-attention.csv", "kv_decode -8", csv(4, "kv_decode", "-8")));
        c.add(text("bundle-per_sequence.csv", "sequences abc", csv(2, "sequences", "abc")));

        String h = "hf-config";
        String[][] hf = {{"hidden_size", "0"}, {"hidden_size", "-4096"}, {"num_attention_heads", "0"},
            {"num_key_value_heads", "5"}, {"num_hidden_layers", "0"}, {"vocab_size", "\"big\""},
            {"intermediate_size", "-1"}, {"hidden_size", "1e300"}, {"num_hidden_layers", "4294967296"}};
        for (String[] kv : hf) {
            c.add(text(h, kv[0] + " " + kv[1], json(kv[0], kv[1])));
        }
        c.add(text(h, "num_hidden_layers missing", dropJson("num_hidden_layers")));
        c.add(text(h, "not JSON", s -> s.substring(0, s.length() / 3)));

        String n = "vidur-network";
        c.add(text(n, "median -0.1", csv(2, "time_stats.all_reduce.median", "-0.1")));
        c.add(text(n, "mean NaN", csv(2, "time_stats.all_reduce.mean", "NaN")));
        c.add(text(n, "num_workers 0", csv(2, "num_workers", "0")));
        c.add(text(n, "size -1", csv(2, "size", "-1")));
        c.add(text(n, "only its header", head(1)));
        c.add(text(n, "a column missing", s -> s.replace("time_stats.all_reduce.median", "median")));

        String pim = "pim-ini";
        c.add(text(pim, "tRFC above tREFI", ini("tRFC", "20000")));
        c.add(text(pim, "a missing key", dropIni("tCK")));
        c.add(text(pim, "a non-number", ini("CL", "fast")));
        c.add(text(pim, "an unknown pim_type", ini("pim_type", "QUANTUM")));
        c.add(text(pim, "tCK 0", ini("tCK", "0")));
        c.add(text(pim, "negative rows", ini("rows", "-1")));
        c.add(text(pim, "an empty file", s -> ""));
        c.add(text(pim, "channels beyond 2^31", ini("channels", "2147483648")));
        c.add(text(h, "lines swapped (no longer an object)", s -> {
            List<String> l = Edit.lines(s);
            String first = l.get(0);
            l.set(0, l.get(8));
            l.set(8, first);
            return String.join("\n", l) + "\n";
        }));
        return c;
    }

    /** A command line with a value no run can take, and the flag its refusal must name. */
    record Flag(String named, String... args) {
    }

    /** CLI flags with values no run can take, each refused naming the flag. */
    static List<Flag> badFlags(Inputs in) {
        List<Flag> f = new ArrayList<>();
        String[][] values = {{"--request-rate", "-1"}, {"--request-rate", "abc"}, {"--request-rate", "0"},
            {"--num-requests", "0"}, {"--num-requests", "-5"}, {"--burstiness", "0"}, {"--burstiness", "-1"},
            {"--rate-scale", "0"}, {"--rate-scale", "-1"}, {"--rate-scale", "NaN"}, {"--max-concurrency", "0"},
            {"--goodput", "ttft:-5"}, {"--goodput", "foo"}, {"--router", "nope"}, {"--workload-format", "xml"},
            {"--seed", "abc"}, {"--profile", "/no/such/profile.arrow"}, {"--profiles", "/no/such/folder"}};
        for (String[] kv : values) {
            f.add(new Flag(kv[0], Inputs.concat(in.simulate(in.cluster, in.engine, in.jsonl, null,
                    in.dir.resolve("flags-out")), kv[0], kv[1])));
        }
        String out = in.dir.resolve("flags-out/x.arrow").toString();
        String[][] analytical = {{"--tp", "0"}, {"--tp", "3"}, {"--device", "NoSuchGPU"}, {"--dtype", "int3"},
            {"--model", "nobody/no-such-model"}};
        for (String[] kv : analytical) {
            List<String> a = new ArrayList<>(List.of("profile", "analytical", "--device", "H100-SXM", "--model",
                    "meta-llama/Llama-3.1-8B", "--out", out));
            int i = a.indexOf(kv[0]);
            if (i >= 0) {
                a.set(i + 1, kv[1]);
            } else {
                a.addAll(List.of(kv[0], kv[1]));
            }
            f.add(new Flag(kv[0], a.toArray(String[]::new)));
        }
        return f;
    }

    @TestFactory
    Stream<DynamicTest> everyTargetedMutationIsRefused() {
        assumeTrue(Corpus.available(), "skipped: ../shared/data is absent");
        Corpus corpus = Corpus.get();
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.kind() + ": " + c.what(), () -> {
            Inputs.Kind k = corpus.kinds.get(c.kind());
            corpus.check(k, c.what(), c.edit().apply(k.base()), c.named(), true);
        }));
    }

    @TestFactory
    Stream<DynamicTest> everyBadFlagIsRefused() {
        assumeTrue(Corpus.available(), "skipped: ../shared/data is absent");
        Corpus corpus = Corpus.get();
        return badFlags(corpus.inputs).stream().map(f -> DynamicTest.dynamicTest(String.join(" ", f.args()), () -> {
            java.nio.file.Path out = corpus.inputs.dir.resolve("flags-out");
            try {
                Check.run("flag", f.args(), out, f.named(), true);
            } finally {
                Inputs.deleteTree(out);
                Inputs.deleteTree(out.resolveSibling(".flags-out.sets"));
                Inputs.deleteTree(out.resolveSibling("flags-out.previous"));
            }
        }));
    }

    /** The unmutated inputs run (exit 0): the suite's refusals are the mutations' doing. */
    @TestFactory
    Stream<DynamicTest> theRealInputsRun() {
        assumeTrue(Corpus.available(), "skipped: ../shared/data is absent");
        Corpus corpus = Corpus.get();
        return corpus.kinds.values().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
            Inputs.Result r = corpus.check(k, "unmutated", k.base(), null, false);
            org.junit.jupiter.api.Assertions.assertEquals(0, r.code(), r.err());
        }));
    }
}
