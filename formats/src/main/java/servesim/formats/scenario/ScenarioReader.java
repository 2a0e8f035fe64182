package servesim.formats.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import servesim.formats.engine.EngineJsonReader;
import servesim.formats.engine.EngineSettings;
import servesim.formats.json.JsonFields;
import servesim.formats.workload.LoadSpec;
import servesim.formats.workload.SyntheticAgentic;
import servesim.formats.workload.SyntheticWorkload;
import servesim.formats.workload.TraceFormat;
import servesim.formats.workload.WorkloadGenerator;
import servesim.models.InputException;

/**
 * Reads servesim's native scenario file (YAML or JSON), which names the cluster, engine settings, profiles,
 * workload and outputs in one place. Relative paths resolve against the scenario file's folder. Unknown keys are
 * errors (a typo must not silently fall back to a default). See {@code docs/scenario-format.md}.
 */
public final class ScenarioReader {
    private static final Set<String> KEYS = Set.of("name", "cluster", "engine", "profile", "profiles", "workload",
            "router", "seed", "activation_reserve_gib", "tick_seconds", "outputs", "prefix_store", "collectives",
            "goodput", "devices", "prices", "estimate_missing_profiles");
    private static final Set<String> WORKLOAD_KEYS = Set.of("file", "synthetic", "synthetic_agentic", "format",
            "max_requests",
            "num_requests", "request_rate", "burstiness", "rate_scale", "max_concurrency", "tokenizer");
    private static final Set<String> SYNTHETIC_KEYS = Set.of("requests", "rate", "input_median", "input_sigma",
            "input_max", "output_median", "output_sigma", "output_max", "seed", "prefix_groups", "prefix_tokens");

    private ScenarioReader() {
    }

    public static Scenario read(Path file) {
        return read(file, false);
    }

    /**
     * The scenario in {@code file}; with {@code otherRoots} (the command line names profile folders too) a
     * {@code profiles:} folder that does not exist yet is left out instead of refused, so an example whose
     * profiles are imported elsewhere runs on the folders given.
     */
    public static Scenario read(Path file, boolean otherRoots) {
        JsonNode root;
        ObjectMapper m = file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
        root = servesim.formats.json.JsonFiles.read(file, m, "scenario");
        Path dir = file.toAbsolutePath().getParent();
        if (otherRoots && root instanceof com.fasterxml.jackson.databind.node.ObjectNode o && o.has("profiles")) {
            JsonNode pr = o.get("profiles");
            com.fasterxml.jackson.databind.node.ArrayNode kept = o.arrayNode();
            (pr.isArray() ? pr : o.arrayNode().add(pr)).forEach(x -> {
                if (!x.isTextual() || Files.exists(dir.resolve(x.asText()))) {
                    kept.add(x);
                }
            });
            o.set("profiles", kept);
        }
        return read(root, file, dir, file.toString());
    }

    /**
     * A scenario held in {@code root} (for example a validation case's {@code scenario:} block), with relative paths
     * resolved against {@code dir}; {@code where} names it in messages, {@code file} is its file.
     */
    public static Scenario read(JsonNode root, Path file, Path dir, String where) {
        if (root == null || !root.isObject()) {
            throw new InputException(where, null, "a scenario must be a map of keys.", "see docs/scenario-format.md.");
        }
        JsonFields f = JsonFields.root(root, where);
        root.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new InputException(where, "field '" + k + "'", "unknown scenario key.",
                        "known keys: " + String.join(", ", KEYS.stream().sorted().toList()) + ".");
            }
        });
        Path cluster = exists(dir.resolve(f.text("cluster")).normalize(), where, "cluster", false);
        EngineSettings engine = EngineSettings.DEFAULTS;
        JsonNode e = root.get("engine");
        if (e != null && e.isTextual()) {
            engine = EngineJsonReader.read(exists(dir.resolve(e.asText()).normalize(), where, "engine", false), engine);
        } else if (e != null && e.isObject()) {
            e.fieldNames().forEachRemaining(k -> {
                if (!EngineSettings.KEYS.contains(k)) {
                    throw new InputException(where, "field 'engine." + k + "'", "unknown engine setting.",
                            "known settings: " + String.join(", ", EngineSettings.KEYS.stream().sorted().toList())
                            + ".");
                }
            });
            engine = engine.with(f.object("engine"));
        } else if (e != null && !e.isNull()) {
            throw new InputException(where, "field 'engine'", "expected a path to engine.json or a map of "
                    + "vLLM settings.", "fix the value.");
        }
        Path profile = f.has("profile") ? exists(dir.resolve(f.text("profile")).normalize(), where, "profile", false)
                : null;
        List<Path> roots = new ArrayList<>();
        JsonNode pr = root.get("profiles");
        if (pr != null && pr.isArray()) {
            pr.forEach(x -> roots.add(exists(dir.resolve(x.asText()).normalize(), where, "profiles", true)));
        } else if (pr != null && pr.isTextual()) {
            roots.add(exists(dir.resolve(pr.asText()).normalize(), where, "profiles", true));
        } else if (pr != null && !pr.isNull()) {
            throw new InputException(where, "field 'profiles'", "expected a folder or a list of folders.",
                    "e.g. profiles: [../../profiles].");
        }
        JsonFields w = f.object("workload");
        w.node().fieldNames().forEachRemaining(k -> {
            if (!WORKLOAD_KEYS.contains(k)) {
                throw new InputException(where, w.where(k), "unknown workload key.",
                        "known keys: " + String.join(", ", WORKLOAD_KEYS.stream().sorted().toList()) + ".");
            }
        });
        Path workloadFile = w.has("file") ? exists(dir.resolve(w.text("file")).normalize(), where, "workload.file",
                false) : null;
        WorkloadGenerator synth = w.has("synthetic") ? synthetic(w.object("synthetic"), where)
                : w.has("synthetic_agentic") ? agentic(w.object("synthetic_agentic"), where) : null;
        int given = (workloadFile != null ? 1 : 0) + (w.has("synthetic") ? 1 : 0) + (w.has("synthetic_agentic") ? 1 : 0);
        if (given != 1) {
            throw new InputException(where, "field 'workload'", "give exactly one of 'file', 'synthetic' and "
                    + "'synthetic_agentic'.", "see docs/scenario-format.md.");
        }
        int max = (int) w.integer("num_requests", w.integer("max_requests", 0));
        long seed = f.integer("seed", Scenario.Defaults.SEED);
        LoadSpec load = load(w, where, seed);
        GoodputSpec goodput = !f.has("goodput") ? null : root.get("goodput").isTextual()
                ? GoodputSpec.parse(f.text("goodput"), where + " goodput") : goodput(f.object("goodput"), where);
        TraceFormat format = TraceFormat.parse(w.text("format", Scenario.Defaults.WORKLOAD_FORMAT.label()),
                where + " workload.format");
        Path outputs = dir.resolve(f.text("outputs", Scenario.Defaults.OUTPUTS)).normalize();
        if (Files.isRegularFile(outputs)) {
            throw new InputException(where, "field 'outputs'", outputs + " is a file, not a folder.",
                    "name a folder for the run's outputs.");
        }
        double tick = f.number("tick_seconds", Scenario.Defaults.TICK_SECONDS);
        if (!(tick >= 0.001 && tick <= 3600)) {
            throw new InputException(where, "field 'tick_seconds'", tick + " is out of range.",
                    "use 0.001 to 3600 seconds, e.g. 1.0.");
        }
        double reserve = f.number("activation_reserve_gib", Scenario.Defaults.ACTIVATION_RESERVE_GIB);
        if (!(reserve >= 0 && reserve < 1e6)) {
            throw new InputException(where, "field 'activation_reserve_gib'", reserve + " is out of range.",
                    "give the GiB kept for activations, >= 0.");
        }
        Scenario.Builder b = Scenario.builder(cluster).name(f.text("name", file.getFileName().toString()))
                .source(file.toAbsolutePath()).engine(engine).profile(profile).profileRoots(roots)
                .workloadFormat(format).maxRequests(max).router(f.text("router", null))
                .seed(seed).load(load).goodput(goodput)
                .tokenizer(w.has("tokenizer") ? dir.resolve(w.text("tokenizer")).normalize() : null)
                .deviceFile(f.has("devices") ? dir.resolve(f.text("devices")).normalize() : null)
                .prices(prices(f, where))
                .estimatesDir(f.bool("estimate_missing_profiles", false)
                        ? dir.resolve(f.text("outputs", Scenario.Defaults.OUTPUTS)).resolve("estimated-profiles")
                        .normalize() : null)
                .activationReserveGiB(reserve)
                .tickSeconds(tick).outputDir(dir.resolve(f.text("outputs", Scenario.Defaults.OUTPUTS)).normalize())
                .prefixStore(f.has("prefix_store") ? prefixStore(f.object("prefix_store")) : null)
                .collectives(f.has("collectives") ? dir.resolve(f.text("collectives")).normalize() : null);
        return (workloadFile != null ? b.workload(workloadFile) : b.synthetic(synth)).build();
    }

    /** The workload's load knobs; {@code request_rate} takes a number or {@code inf}. */
    private static LoadSpec load(JsonFields w, String where, long seed) {
        double rate = Double.NaN;
        if (w.has("request_rate")) {
            String text = w.node().get("request_rate").asText();
            rate = text.equalsIgnoreCase("inf") ? Double.POSITIVE_INFINITY : w.number("request_rate");
        }
        try {
            return new LoadSpec(rate, w.number("burstiness", 1), w.number("rate_scale", 1),
                    (int) w.integer("max_concurrency", 0), seed);
        } catch (IllegalArgumentException e) {
            throw new InputException(where, "field 'workload'", e.getMessage() + ".",
                    "e.g. workload: {file: t.jsonl, request_rate: 8, burstiness: 1, max_concurrency: 64}.");
        }
    }

    /** {@code prices: {H100-SXM: 2.5, ...}}: USD per GPU-hour by device name. */
    private static java.util.Map<String, Double> prices(JsonFields f, String where) {
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        if (f.has("prices")) {
            JsonFields p = f.object("prices");
            p.node().fieldNames().forEachRemaining(name -> out.put(name, p.number(name)));
        }
        return out;
    }

    private static GoodputSpec goodput(JsonFields g, String where) {
        try {
            return new GoodputSpec(g.number("ttft_ms", Double.NaN), g.number("tpot_ms", Double.NaN),
                    g.number("e2el_ms", Double.NaN));
        } catch (IllegalArgumentException e) {
            throw new InputException(where, "field 'goodput'", e.getMessage() + ".",
                    "e.g. goodput: {ttft_ms: 200, tpot_ms: 50}.");
        }
    }

    private static PrefixStoreSpec prefixStore(JsonFields p) {
        try {
            return new PrefixStoreSpec(servesim.formats.cluster.MemoryTier.parse(p.text("location", "cpu"),
                    p.source(), p.where("location")), p.number("capacity_gib"), p.bool("shared", true),
                    (int) p.positive("chunk_tokens", 256));
        } catch (IllegalArgumentException e) {
            throw new InputException(p.source(), "field 'prefix_store'", e.getMessage() + ".",
                    "e.g. prefix_store: {location: cpu, capacity_gib: 64, shared: true, chunk_tokens: 256}.");
        }
    }

    private static final Set<String> AGENTIC_KEYS = Set.of("sessions", "rate", "turns_median", "turns_max",
            "first_input_median", "turn_input_median", "output_median", "sigma", "tool_ms_median", "tool_sigma",
            "max_context", "seed");

    private static SyntheticAgentic agentic(JsonFields s, String file) {
        s.node().fieldNames().forEachRemaining(k -> {
            if (!AGENTIC_KEYS.contains(k)) {
                throw new InputException(file, s.where(k), "unknown synthetic-agentic key.",
                        "known keys: " + String.join(", ", AGENTIC_KEYS.stream().sorted().toList()) + ".");
            }
        });
        try {
            return new SyntheticAgentic((int) s.positive("sessions", 100), s.number("rate"),
                    s.number("turns_median", 4), (int) s.positive("turns_max", 16), s.number("first_input_median"),
                    s.number("turn_input_median"), s.number("output_median"), s.number("sigma", 0.8),
                    s.number("tool_ms_median", 1000), s.number("tool_sigma", 1.0),
                    (int) s.positive("max_context", 32_768), s.integer("seed", 0));
        } catch (IllegalArgumentException ex) {
            throw new InputException(file, "field 'workload.synthetic_agentic'", ex.getMessage() + ".",
                    "use positive rates, lengths and times.");
        }
    }

    private static SyntheticWorkload synthetic(JsonFields s, String file) {
        s.node().fieldNames().forEachRemaining(k -> {
            if (!SYNTHETIC_KEYS.contains(k)) {
                throw new InputException(file, s.where(k), "unknown synthetic-workload key.",
                        "known keys: " + String.join(", ", SYNTHETIC_KEYS.stream().sorted().toList()) + ".");
            }
        });
        try {
            return new SyntheticWorkload((int) s.positive("requests", 100), s.number("rate"), s.number("input_median"),
                    s.number("input_sigma", 1.0), (int) s.positive("input_max", 8192), s.number("output_median"),
                    s.number("output_sigma", 1.0), (int) s.positive("output_max", 4096), s.integer("seed", 0),
                    (int) s.integer("prefix_groups", 0), (int) s.integer("prefix_tokens", 0));
        } catch (IllegalArgumentException ex) {
            throw new InputException(file, "field 'workload.synthetic'", ex.getMessage() + ".",
                    "use positive rates and lengths.");
        }
    }

    /** {@code p} (named by {@code field} of the scenario {@code where}) when it exists as a file or folder. */
    static Path exists(Path p, String where, String field, boolean folder) {
        if (folder ? !Files.isDirectory(p) : !Files.isRegularFile(p)) {
            throw new InputException(where, "field '" + field + "'", p + " is not " + (folder ? "a folder" : "a file")
                    + (Files.exists(p) ? "" : " (it does not exist)") + ".", "fix the path; relative paths resolve "
                    + "against the scenario's folder" + (field.equals("profiles") ? " (a profile root is made by "
                    + "servesim import ... --out or servesim profile ... --out; or pass --profiles)" : "") + ".");
        }
        return p;
    }
}
