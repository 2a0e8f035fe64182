package servesim.simulator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import servesim.formats.json.JsonFields;
import servesim.models.InputException;

/**
 * One validation case: a scenario, the profiles it needs converted first, and the real measurements to compare
 * with, each with its bounds. Read from a YAML file under the suite folder ({@code docs/validation.md}):
 *
 * <pre>
 * name: rtx4090-llama-3.1-8b
 * about: one line on what was measured
 * profiles: [${data}/llmservingsim/perf/RTX4090/meta-llama/Llama-3.1-8B/bf16]
 * scenario: {cluster: ..., engine: ..., workload: {file: ...}}
 * checks:
 *   - requests: ${data}/.../requests.jsonl
 *     bounds: {mean: 2, median: 5, p90: 5, p95: 5, p99: 5}
 *   - series: ${data}/.../fig5_A6000_vllm_gen_throughput.csv
 *     where: {scenario: MD}
 *     value: gen_tok_s
 *     sim: {file: timeseries.csv, value: gen_throughput}
 *     bounds: {nrmse: 0.07, total: 1}
 * </pre>
 *
 * <p>{@code ${data}} stands for the reference-data folder; paths are relative to the case file. A case whose data
 * is absent is skipped, not failed.
 *
 * @param name     case name (table rows)
 * @param about    what the reference measured
 * @param file     the case file
 * @param profiles profile sources to convert (LLMServingSim bundles or v1.0 perf-model folders)
 * @param scenario the scenario block, with {@code ${data}} already substituted
 * @param checks   comparisons to make after the run
 * @param missing  referenced paths that do not exist (the case is skipped when any is missing)
 */
public record ValidationCase(String name, String about, Path file, List<Path> profiles, JsonNode scenario,
                             List<Check> checks, List<Path> missing) {

    private static final Set<String> KEYS = Set.of("name", "about", "profiles", "scenario", "checks");
    private static final Pattern DATA = Pattern.compile("\\$\\{data}([^\"'\\s,}\\]]*)");

    /** A comparison of the run with one reference. */
    public sealed interface Check permits RequestsCheck, BenchCheck, SeriesCheck {
        /** The reference file. */
        Path reference();

        /** A short label for the table. */
        String label();
    }

    /**
     * Per-request latencies: an LLMServingSim bench {@code requests.jsonl} (engine times, from queueing) or a
     * {@code vllm bench serve} JSON with per-request details (client times). Bounds in percent by statistic
     * ({@code mean, median, p90, p95, p99}).
     */
    public record RequestsCheck(Path reference, String label, List<String> metrics, Map<String, Double> bounds)
            implements Check {
    }

    /** A {@code vllm bench serve} result JSON's summary keys against summary.json; bounds in percent by key or stat. */
    public record BenchCheck(Path reference, String label, Map<String, Double> bounds) implements Check {
    }

    /**
     * A measured per-second series against one of the run's CSV outputs. Reference rows are filtered by
     * {@code where}, their {@code time} labels moved by {@code offsetS} and values multiplied by {@code scale}; the
     * simulated series is {@code simValue} of {@code simFile} (rows filtered by {@code simWhere}, summed per tick).
     * Bounds: {@code nrmse} (absolute), {@code total, mean, peak, makespan} (percent), {@code meandiff} (absolute
     * difference of the means, in the series' unit).
     */
    public record SeriesCheck(Path reference, String label, String time, String value, Map<String, String> where,
                              double scale, long offsetS, String simFile, String simValue,
                              Map<String, String> simWhere, boolean missingIsZero, Map<String, Double> bounds)
            implements Check {
    }

    /** Reads {@code file}, substituting {@code dataDir} for {@code ${data}}. */
    public static ValidationCase read(Path file, Path dataDir) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new InputException(file, null, "cannot read (" + e.getMessage() + ").", "check the path.");
        }
        Path dir = file.toAbsolutePath().getParent();
        List<Path> missing = new ArrayList<>();
        Matcher m = DATA.matcher(text);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String resolved = dataDir.toAbsolutePath().normalize() + m.group(1);
            if (!Files.exists(Path.of(resolved))) {
                missing.add(Path.of(resolved));
            }
            m.appendReplacement(b, Matcher.quoteReplacement(resolved));
        }
        m.appendTail(b);
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(b.toString());
        } catch (IOException e) {
            throw new InputException(file, null, "not readable YAML (" + e.getMessage().split("\n")[0] + ").",
                    "fix the YAML.");
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file, null, "a case must be a YAML map.", "see docs/validation.md.");
        }
        JsonFields f = JsonFields.root(root, file.toString());
        root.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                throw new InputException(file, "field '" + k + "'", "unknown case key.", "use " + new TreeSet<>(KEYS)
                        + ".");
            }
        });
        List<Path> profiles = new ArrayList<>();
        if (root.has("profiles")) {
            for (int i = 0; i < f.arraySize("profiles"); i++) {
                JsonNode p = root.get("profiles").get(i);
                if (!p.isTextual()) {
                    throw new InputException(file, "profiles[" + i + "]", "expected a folder path.",
                            "list LLMServingSim bundle or v1.0 perf-model folders.");
                }
                profiles.add(dir.resolve(p.asText()).normalize());
            }
        }
        if (!root.has("scenario")) {
            throw new InputException(file, "field 'scenario'", "missing.", "give the scenario to run.");
        }
        List<Check> checks = new ArrayList<>();
        int n = f.arraySize("checks");
        if (n == 0) {
            throw new InputException(file, "field 'checks'", "a case needs at least one check.",
                    "add requests:, bench: or series: checks.");
        }
        for (int i = 0; i < n; i++) {
            checks.add(check(f.element("checks", i), dir, file, i));
        }
        return new ValidationCase(f.text("name", file.getFileName().toString().replaceFirst("\\.ya?ml$", "")),
                f.text("about", ""), file, List.copyOf(profiles), root.get("scenario"), List.copyOf(checks),
                List.copyOf(missing));
    }

    private static Check check(JsonFields c, Path dir, Path file, int i) {
        Set<String> kinds = new TreeSet<>(Set.of("requests", "bench", "series"));
        kinds.retainAll(fieldNames(c));
        if (kinds.size() != 1) {
            throw new InputException(file, "checks[" + i + "]", "needs exactly one of requests:, bench:, series:.",
                    "see docs/validation.md.");
        }
        String kind = kinds.iterator().next();
        Path ref = dir.resolve(c.text(kind)).normalize();
        String label = c.text("label", kind.equals("series") ? c.text("value", "series") : kind + " "
                + ref.getFileName());
        Map<String, Double> bounds = bounds(c, file, i);
        switch (kind) {
            case "requests" -> {
                allowed(c, file, i, Set.of("requests", "label", "metrics", "bounds"));
                List<String> metrics = new ArrayList<>(List.of("ttft", "tpot", "latency"));
                if (c.has("metrics")) {
                    metrics.clear();
                    c.node().get("metrics").forEach(x -> metrics.add(x.asText()));
                }
                return new RequestsCheck(ref, label, List.copyOf(metrics), bounds);
            }
            case "bench" -> {
                allowed(c, file, i, Set.of("bench", "label", "bounds"));
                return new BenchCheck(ref, label, bounds);
            }
            default -> {
                allowed(c, file, i, Set.of("series", "label", "where", "time", "value", "scale", "offset_s", "sim",
                        "missing", "bounds"));
                JsonFields sim = c.object("sim");
                String missing = c.text("missing", "zero");
                if (!missing.equals("zero") && !missing.equals("skip")) {
                    throw new InputException(file, "checks[" + i + "].missing", "'" + missing + "' is neither zero "
                            + "nor skip.", "zero: a tick one side lacks counts as 0; skip: it is left out.");
                }
                return new SeriesCheck(ref, label, c.text("time", "time_s"), c.text("value"), strings(c, "where"),
                        c.number("scale", 1.0), c.integer("offset_s", 0), sim.text("file"), sim.text("value"),
                        strings(sim, "where"), missing.equals("zero"), bounds);
            }
        }
    }

    private static Set<String> fieldNames(JsonFields c) {
        Set<String> names = new TreeSet<>();
        c.node().fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static void allowed(JsonFields c, Path file, int i, Set<String> keys) {
        for (String k : fieldNames(c)) {
            if (!keys.contains(k)) {
                throw new InputException(file, "checks[" + i + "]." + k, "unknown key for this check.",
                        "use " + new TreeSet<>(keys) + ".");
            }
        }
    }

    private static Map<String, Double> bounds(JsonFields c, Path file, int i) {
        Map<String, Double> out = new LinkedHashMap<>();
        JsonFields b = c.object("bounds");
        b.node().fieldNames().forEachRemaining(k -> {
            double v = b.number(k);
            if (!(v >= 0)) {
                throw new InputException(file, "checks[" + i + "].bounds." + k, "must be >= 0.", "use a bound >= 0.");
            }
            out.put(k, v);
        });
        if (out.isEmpty()) {
            throw new InputException(file, "checks[" + i + "].bounds", "no bounds.", "give each compared statistic "
                    + "a bound.");
        }
        return out;
    }

    private static Map<String, String> strings(JsonFields c, String field) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonFields w = c.optionalObject(field);
        if (w != null) {
            w.node().fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }
}
