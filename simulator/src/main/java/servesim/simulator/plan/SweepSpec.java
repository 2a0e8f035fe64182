package servesim.simulator.plan;

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
import servesim.formats.scenario.GoodputSpec;
import servesim.formats.scenario.Scenario;
import servesim.formats.scenario.ScenarioReader;
import servesim.models.InputException;

/**
 * A sweep: a base scenario and a grid of settings, every combination one point (the last axis varies fastest).
 * The file (YAML or JSON):
 * <pre>
 * name: devices-tp-rates
 * scenario: ../quickstart/scenario.yaml       # the base (paths relative to this file)
 * grid:
 *   hardware: [H100-SXM, A100-80G, H200]
 *   tp: [1, 2]
 *   request_rate: [2, 4, 8]
 * goodput: ttft:200,tpot:50                   # optional
 * slo: [p99_ttft_ms&lt;=200, p99_tpot_ms&lt;=50]     # for servesim capacity --sweep
 * estimate_missing_profiles: true             # the default for sweeps
 * outputs: ../../out/sweep
 * </pre>
 *
 * @param axes        setting name to its values, in the file's order
 * @param slos        constraints for capacity searches (may be empty)
 * @param estimate    estimate missing profiles under the outputs folder (roofline, flagged ESTIMATE)
 */
public record SweepSpec(String name, Path source, Scenario base, Map<String, List<Object>> axes, List<Slo> slos,
                        Path outputDir, boolean estimate) {
    public SweepSpec {
        axes.forEach((k, v) -> {
            if (!Variant.known(k)) {
                throw new InputException(source == null ? "sweep" : source.toString(), "grid." + k,
                        "not a setting a sweep can vary.", "use one of " + String.join(", ", Variant.names()) + ".");
            }
            if (v.isEmpty()) {
                throw new InputException(source == null ? "sweep" : source.toString(), "grid." + k, "no values.",
                        "list at least one value.");
            }
        });
    }

    /** The points: every combination of the axes' values, numbered from 0. */
    public List<Map<String, Object>> points() {
        List<Map<String, Object>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<Object>> axis : axes.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> p : out) {
                for (Object v : axis.getValue()) {
                    Map<String, Object> q = new LinkedHashMap<>(p);
                    q.put(axis.getKey(), v);
                    next.add(q);
                }
            }
            out = next;
        }
        return out;
    }

    /** The base scenario of point {@code settings}, its files under {@code dir}. */
    public Scenario scenario(Map<String, Object> settings, Path dir) {
        Scenario base = this.base.toBuilder().outputDir(dir)
                .estimatesDir(estimate ? outputDir.resolve("estimated-profiles") : this.base.estimatesDir()).build();
        return Variant.apply(base, settings, dir, (source == null ? "sweep" : source.toString()) + " point");
    }

    /** Reads a sweep file. */
    public static SweepSpec read(Path file) {
        JsonNode root;
        try {
            ObjectMapper m = file.toString().endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
            root = m.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new InputException(file, null, "cannot read the sweep (" + e.getMessage().split("\n")[0] + ").",
                    "fix the YAML/JSON.");
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file, null, "a sweep must be a map of keys.", "see docs/planning.md.");
        }
        java.util.Set<String> keys = java.util.Set.of("name", "scenario", "grid", "goodput", "slo",
                "estimate_missing_profiles", "outputs");
        root.fieldNames().forEachRemaining(k -> {
            if (!keys.contains(k)) {
                throw new InputException(file, "field '" + k + "'", "unknown sweep key.",
                        "known keys: " + String.join(", ", keys.stream().sorted().toList()) + ".");
            }
        });
        Path dir = file.toAbsolutePath().getParent();
        if (!root.hasNonNull("scenario")) {
            throw new InputException(file, "field 'scenario'", "missing.", "name the base scenario file.");
        }
        Scenario base = ScenarioReader.read(dir.resolve(root.get("scenario").asText()).normalize());
        if (root.hasNonNull("goodput")) {
            base = base.toBuilder().goodput(GoodputSpec.parse(root.get("goodput").asText(), file + " goodput"))
                    .build();
        }
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        JsonNode grid = root.path("grid");
        if (!grid.isObject() || grid.isEmpty()) {
            throw new InputException(file, "field 'grid'", "missing or empty.", "give settings and their values, "
                    + "e.g. grid: {request_rate: [2, 4, 8]}.");
        }
        grid.fields().forEachRemaining(e -> {
            List<Object> values = new ArrayList<>();
            (e.getValue().isArray() ? e.getValue() : new ObjectMapper().createArrayNode().add(e.getValue()))
                    .forEach(v -> values.add(v.isNumber() ? (Object) v.numberValue() : v.isBoolean()
                            ? (Object) v.booleanValue() : v.asText()));
            axes.put(e.getKey(), List.copyOf(values));
        });
        List<Slo> slos = new ArrayList<>();
        root.path("slo").forEach(s -> slos.add(Slo.parse(s.asText(), file + " slo")));
        Path out = dir.resolve(root.path("outputs").asText("out/sweep")).normalize();
        String name = root.path("name").asText(file.getFileName().toString());
        return new SweepSpec(name, file.toAbsolutePath(), base, axes, List.copyOf(slos), out,
                root.path("estimate_missing_profiles").asBoolean(true));
    }
}
