package servesim.tools.fuzz;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import servesim.tools.Main;

/**
 * The real inputs the fuzz suite mutates (from {@code ../shared/data}, cut to a few requests so that each case runs
 * in well under a second), one {@link Kind} per input kind with the command that reads it, and the harness that runs
 * a case: the CLI in-process on a daemon thread, with a timeout.
 */
final class Inputs {
    static final Path SHARED = Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();
    static final Path BUNDLE = SHARED.resolve("llmservingsim/perf/RTX4090/meta-llama/Llama-3.1-8B/bf16");
    static final Path BENCH = SHARED.resolve("llmservingsim/bench/RTX4090/Llama-3.1-8B");
    static final int REQUESTS = 12;
    static final long TIMEOUT_S = 60;

    /** The unmutated inputs, written once into {@code dir}. */
    final Path dir;
    final Path profiles;
    final Path cluster;
    final Path engine;
    final Path jsonl;

    private Inputs(Path dir) throws IOException {
        this.dir = dir;
        this.profiles = dir.resolve("profiles");
        Path tp1 = profiles.resolve("RTX4090/meta-llama/Llama-3.1-8B/bf16");
        Result imp = run("import", "llmservingsim", BUNDLE.toString(), "--out", tp1.toString());
        if (imp.code() != 0) {
            throw new IllegalStateException("cannot import the fuzz suite's profile: " + imp.err());
        }
        this.cluster = copy(BENCH.resolve("cluster.json"), "cluster.json");
        this.engine = copy(BENCH.resolve("engine.json"), "engine.json");
        this.jsonl = write("trace.jsonl", head(SHARED.resolve(
                "llmservingsim/workloads/sharegpt-llama-3.1-8b-300-sps10.jsonl"), REQUESTS));
    }

    static Inputs in(Path dir) {
        try {
            return new Inputs(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * An input kind: the real file it starts from ({@code base}, text or bytes) and how a command reads a mutated copy
     * {@code f} with outputs in {@code out}.
     */
    record Kind(String name, String fileName, byte[] base, BiFunction<Path, Path, String[]> command) {
        String text() {
            return new String(base, StandardCharsets.UTF_8);
        }
    }

    /** Every kind the suite mutates. */
    List<Kind> kinds() throws IOException {
        List<Kind> k = new ArrayList<>();
        k.add(simulateWith("llmservingsim-trace", "trace.jsonl", Files.readAllBytes(jsonl), null));
        k.add(simulateWith("mooncake-trace", "mooncake.jsonl", bytes(fitting(SHARED.resolve(
                "traces/mooncake_conversation_trace.jsonl"))), "mooncake"));
        k.add(simulateWith("azure-trace", "azure.csv", bytes(head(SHARED.resolve(
                "traces/AzureLLMInferenceTrace_conv.csv"), REQUESTS + 1)), "azure"));
        k.add(simulateWith("vidur-trace", "vidur.csv", bytes(head(SHARED.resolve(
                "traces/vidur_splitwise_conv.csv"), REQUESTS + 1)), "vidur"));
        k.add(new Kind("cluster", "cluster.json", Files.readAllBytes(cluster), (f, out) -> simulate(f, engine, jsonl,
                null, out)));
        k.add(new Kind("engine", "engine.json", Files.readAllBytes(engine), (f, out) -> simulate(cluster, f, jsonl,
                null, out)));
        k.add(new Kind("scenario", "scenario.yaml", bytes(scenario()), (f, out) -> new String[] {"simulate",
            "--scenario", f.toString()}));
        k.add(new Kind("arrow-profile", "tp1.arrow", Files.readAllBytes(profiles.resolve(
                "RTX4090/meta-llama/Llama-3.1-8B/bf16/tp1.arrow")), (f, out) -> concat(simulate(cluster, engine, jsonl,
                null, out), "--profile", f.toString())));
        for (String csv : List.of("dense.csv", "attention.csv", "per_sequence.csv")) {
            k.add(new Kind("bundle-" + csv, csv, Files.readAllBytes(BUNDLE.resolve("tp1").resolve(csv)),
                    (f, out) -> new String[] {"import", "llmservingsim", bundleWith(f, csv).toString(), "--out",
                        out.resolve("tp1.arrow").toString()}));
        }
        k.add(new Kind("hf-config", "config.json", Files.readAllBytes(SHARED.resolve(
                "llmservingsim/models/meta-llama/Llama-3.1-8B.json")), (f, out) -> new String[] {"profile",
                    "analytical", "--device", "H100-SXM", "--model", f.toString(), "--out",
                    out.resolve("tp1.arrow").toString()}));
        k.add(new Kind("vidur-network", "all_reduce.csv", bytes(head(SHARED.resolve(
                "vidur/network/h100_dgx/all_reduce.csv"), 40)), (f, out) -> new String[] {"import", "vidur-network",
                    f.getParent().toString(), "--hardware", "H100-SXM", "--out", out.toString()}));
        k.add(new Kind("pim-ini", "DDR4_8GB_3200_pim.ini", Files.readAllBytes(SHARED.resolve(
                "llmservingsim/pim/DDR4_8GB_3200_pim.ini")), (f, out) -> new String[] {"pim", f.toString()}));
        return k;
    }

    private Kind simulateWith(String name, String file, byte[] base, String format) {
        return new Kind(name, file, base, (f, out) -> simulate(cluster, engine, f, format, out));
    }

    String[] simulate(Path c, Path e, Path w, String format, Path out) {
        String[] a = {"simulate", "--cluster", c.toString(), "--engine", e.toString(), "--workload", w.toString(),
            "--profiles", profiles.toString(), "--out", out.toString()};
        return format == null ? a : concat(a, "--workload-format", format);
    }

    /** A scenario naming the real cluster, engine, trace and profiles. */
    String scenario() {
        return "name: fuzz\ncluster: " + cluster + "\nengine: " + engine + "\nprofiles: [" + profiles + "]\n"
                + "workload:\n  file: " + jsonl + "\nrouter: round_robin\nseed: 7\ntick_seconds: 1.0\n"
                + "activation_reserve_gib: 0.5\noutputs: out\n";
    }

    /** The bundle with {@code csv} replaced by the mutated file {@code f} (a copy beside it). */
    private static Path bundleWith(Path f, String csv) {
        Path b = f.getParent().resolve("bundle");
        try {
            Files.createDirectories(b.resolve("tp1"));
            Files.copy(BUNDLE.resolve("meta.yaml"), b.resolve("meta.yaml"));
            try (Stream<Path> s = Files.list(BUNDLE.resolve("tp1"))) {
                for (Path p : s.toList()) {
                    Path to = b.resolve("tp1").resolve(p.getFileName());
                    Files.copy(p.getFileName().toString().equals(csv) ? f : p, to);
                }
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int code, String out, String err) {
    }

    /** Runs the CLI in-process on its own daemon thread; a run past the timeout is a hang. */
    static Result run(String... args) {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<Result> f = ex.submit(() -> {
                StringWriter out = new StringWriter();
                StringWriter err = new StringWriter();
                int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
                return new Result(code, out.toString(), err.toString());
            });
            return f.get(TIMEOUT_S, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("hang: no answer within " + TIMEOUT_S + " s: " + String.join(" ", args));
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError("the harness failed: " + e, e);
        } finally {
            ex.shutdownNow();
        }
    }

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    private Path copy(Path from, String name) throws IOException {
        Path p = dir.resolve(name);
        Files.copy(from, p);
        return p;
    }

    /** The first requests of a Mooncake trace that fit the engine's max_model_len (32,768). */
    static String fitting(Path file) throws IOException {
        java.util.regex.Pattern len = java.util.regex.Pattern.compile("\"input_length\": (\\d+)");
        try (Stream<String> s = Files.lines(file)) {
            return String.join("\n", s.filter(l -> {
                java.util.regex.Matcher m = len.matcher(l);
                return m.find() && Long.parseLong(m.group(1)) < 30_000;
            }).limit(REQUESTS).toList()) + "\n";
        }
    }

    static String head(Path file, int lines) throws IOException {
        try (Stream<String> s = Files.lines(file)) {
            return String.join("\n", s.limit(lines).toList()) + "\n";
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    static void deleteTree(Path p) {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(x);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
