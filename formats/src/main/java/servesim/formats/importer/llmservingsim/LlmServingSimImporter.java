package servesim.formats.importer.llmservingsim;

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
import servesim.formats.csv.CsvTable;
import servesim.formats.profile.LatencyStats;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileMetadata;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;
import servesim.formats.profile.SkewStats;
import servesim.models.InputException;
import servesim.models.Operator;

/**
 * Converts an LLMServingSim 2.0 profile bundle ({@code meta.yaml} and {@code tp<N>/*.csv}, measured with its
 * patched vLLM) into one servesim profile per TP degree, losslessly: every CSV row becomes one profile row with
 * the same numbers; the bundle's {@code meta.yaml} is kept verbatim in the metadata.
 *
 * <p>Layer names map onto canonical operators; LLMServingSim times one {@code layernorm} kernel for both norms of
 * a layer, so its rows become {@code input_layernorm} and an alias makes them serve
 * {@code post_attention_layernorm} too. Its {@code time_us} is the mean of its measurement iterations and is
 * stored as the row's median and mean (the bundle gives no other statistic).
 */
public final class LlmServingSimImporter {
    /** LLMServingSim layer name to canonical operator name. */
    static final Map<String, String> LAYER_NAMES = Map.ofEntries(
            Map.entry("embedding", "embedding"),
            Map.entry("layernorm", "input_layernorm"),
            Map.entry("input_layernorm", "input_layernorm"),
            Map.entry("post_attention_layernorm", "post_attention_layernorm"),
            Map.entry("qkv_proj", "qkv_proj"),
            Map.entry("qk_norm", "qk_norm"),
            Map.entry("rotary_emb", "rotary_emb"),
            Map.entry("o_proj", "o_proj"),
            Map.entry("gate_up_proj", "gate_up_proj"),
            Map.entry("act_fn", "act_fn"),
            Map.entry("down_proj", "down_proj"),
            Map.entry("final_layernorm", "final_layernorm"),
            Map.entry("lm_head", "lm_head"),
            Map.entry("sampler", "sampler"));

    public static final String SOURCE = "import:llmservingsim";

    private LlmServingSimImporter() {
    }

    /** The TP degrees the bundle declares, with their profiles; {@code onlyTp} null for all. */
    public static Map<Integer, Profile> importBundle(Path dir, Integer onlyTp) {
        Path metaFile = dir.resolve("meta.yaml");
        if (!Files.isRegularFile(metaFile)) {
            throw new InputException(dir, null, "not an LLMServingSim profile bundle: meta.yaml is missing.",
                    "pass the folder that holds meta.yaml and tp<N>/ (e.g. perf/RTX4090/meta-llama/Llama-3.1-8B/bf16).");
        }
        String metaText;
        JsonNode meta;
        try {
            metaText = Files.readString(metaFile);
            meta = new ObjectMapper(new YAMLFactory()).readTree(metaText);
        } catch (IOException e) {
            InputException.requireUtf8(metaFile);
            throw new InputException(metaFile, null, "not readable YAML (" + e.getMessage() + ").",
                    "fix the YAML syntax.");
        }
        if (meta == null || !meta.isObject()) {
            throw new InputException(metaFile, null, "expected a YAML mapping.", "regenerate the bundle.");
        }
        String hardware = field(meta, "hardware", metaFile);
        String model = field(meta, "model", metaFile);
        String variant = field(meta, "variant", metaFile);
        JsonNode tps = meta.get("tp_degrees");
        if (tps == null || !tps.isArray() || tps.isEmpty()) {
            throw new InputException(metaFile, "field 'tp_degrees'", "missing or empty.",
                    "list the TP degrees the bundle holds, e.g. [1, 2].");
        }
        Map<Integer, Profile> out = new LinkedHashMap<>();
        for (JsonNode t : tps) {
            if (!t.canConvertToInt() || t.asInt() < 1) {
                throw new InputException(metaFile, "field 'tp_degrees'", "'" + t + "' is not a TP degree.",
                        "use positive integers.");
            }
            int tp = t.asInt();
            if (onlyTp != null && tp != onlyTp) {
                continue;
            }
            Path tpDir = dir.resolve("tp" + tp);
            if (!Files.isDirectory(tpDir)) {
                throw new InputException(tpDir, null, "meta.yaml lists tp " + tp + " but the folder is missing.",
                        "restore the folder or remove " + tp + " from tp_degrees.");
            }
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put(ProfileMetadata.OP_ALIASES, "post_attention_layernorm=input_layernorm");
            extra.put("llmservingsim.meta_yaml", metaText);
            extra.put("llmservingsim.layer_map", "layernorm=input_layernorm");
            String host = text(meta, "gpu") + "; vLLM " + text(meta, "vllm_version") + "; CUDA "
                    + text(meta, "cuda_version");
            ProfileMetadata md = new ProfileMetadata(hardware, "gpu", model, variant, variant, tp, SOURCE,
                    text(meta, "profiler_version"), host, text(meta, "profiled_at"), false, extra);
            out.put(tp, new Profile(md, readTp(tpDir)));
        }
        if (out.isEmpty()) {
            throw new InputException(metaFile, "field 'tp_degrees'", "the bundle has no tp " + onlyTp + ".",
                    "choose one of " + tps + ".");
        }
        return out;
    }

    static List<ProfileRow> readTp(Path tpDir) {
        List<ProfileRow> rows = new ArrayList<>();
        readNamed(require(tpDir, "dense.csv"), "tokens", rows, false);
        readNamed(require(tpDir, "per_sequence.csv"), "sequences", rows, true);
        readAttention(require(tpDir, "attention.csv"), rows);
        Path moe = tpDir.resolve("moe.csv");
        if (Files.isRegularFile(moe)) {
            readMoe(CsvTable.read(moe), rows);
        }
        Path skew = tpDir.resolve("skew.csv");
        if (Files.isRegularFile(skew)) {
            readSkew(CsvTable.read(skew), rows);
        }
        Path fit = tpDir.resolve("skew_fit.csv");
        if (Files.isRegularFile(fit)) {
            readSkewFit(CsvTable.read(fit), rows);
        }
        return rows;
    }

    private static CsvTable require(Path dir, String name) {
        Path f = dir.resolve(name);
        if (!Files.isRegularFile(f)) {
            throw new InputException(f, null, "required file of the bundle is missing.",
                    "restore " + name + " from the LLMServingSim profile run.");
        }
        return CsvTable.read(f).nonEmpty();
    }

    private static void readNamed(CsvTable t, String keyColumn, List<ProfileRow> rows, boolean perSequence) {
        t.requireColumns("layer", keyColumn, "time_us");
        for (int i = 0; i < t.size(); i++) {
            String layer = t.text(i, "layer");
            String op = LAYER_NAMES.get(layer);
            Operator canonical = op == null ? null : Operator.byName(op);
            boolean familyOk = canonical != null
                    && (perSequence == (canonical == Operator.LM_HEAD || canonical == Operator.SAMPLER));
            if (!familyOk) {
                throw t.error(i, "layer", "unknown layer name '" + layer + "' for " + t.file().getFileName()
                        + " (known: " + String.join(", ", LAYER_NAMES.keySet().stream().sorted().toList()) + ").");
            }
            long key = t.integer(i, keyColumn, 0, Integer.MAX_VALUE);
            double us = t.nonNegative(i, "time_us");
            RowKeys keys = perSequence ? RowKeys.sequences(key) : RowKeys.tokens(key);
            rows.add(ProfileRow.of(op, keys, mean(us)));
        }
    }

    private static void readAttention(CsvTable t, List<ProfileRow> rows) {
        t.requireColumns("prefill_chunk", "kv_prefill", "n_decode", "kv_decode", "time_us");
        for (int i = 0; i < t.size(); i++) {
            rows.add(ProfileRow.of("attention", RowKeys.attention(t.integer(i, "prefill_chunk", 0, Integer.MAX_VALUE),
                    t.integer(i, "kv_prefill", 0, Integer.MAX_VALUE), t.integer(i, "n_decode", 0, Integer.MAX_VALUE), t.integer(i, "kv_decode", 0, Integer.MAX_VALUE)),
                    mean(t.nonNegative(i, "time_us"))));
        }
    }

    private static void readMoe(CsvTable t, List<ProfileRow> rows) {
        t.requireColumns("tokens", "activated_experts", "time_us");
        for (int i = 0; i < t.size(); i++) {
            rows.add(ProfileRow.of("moe", RowKeys.moe(t.integer(i, "tokens", 0, Integer.MAX_VALUE), t.integer(i, "activated_experts", 0, Integer.MAX_VALUE)),
                    mean(t.nonNegative(i, "time_us"))));
        }
    }

    private static void readSkew(CsvTable t, List<ProfileRow> rows) {
        t.requireColumns("regime", "n", "nb", "ratio", "skew", "pc", "kp", "kvs", "kv_big", "kv_mean", "t_mean_us",
                "t_max_us", "t_skew_us", "alpha");
        for (int i = 0; i < t.size(); i++) {
            SkewStats s = new SkewStats(t.integer(i, "nb"), t.number(i, "ratio"), t.number(i, "skew"),
                    t.integer(i, "kv_big"), t.integer(i, "kv_mean"), t.number(i, "t_mean_us"),
                    t.number(i, "t_max_us"), t.optionalNumber(i, "alpha"));
            RowKeys k = RowKeys.attention(t.integer(i, "pc"), t.integer(i, "kp"), t.integer(i, "n"),
                    t.integer(i, "kvs"));
            rows.add(new ProfileRow("attention_skew", k, mean(t.nonNegative(i, "t_skew_us")), null, null,
                    t.text(i, "regime"), s));
        }
    }

    /** Fit rows: bucket labels joined by '|' in the order n, skew rate, big KV, KV prefix. */
    private static void readSkewFit(CsvTable t, List<ProfileRow> rows) {
        t.requireColumns("pc", "n_label", "skew_rate_label", "kv_big_label", "kp_label", "alpha", "n_samples");
        for (int i = 0; i < t.size(); i++) {
            String label = String.join("|", t.text(i, "n_label"), t.text(i, "skew_rate_label"),
                    t.text(i, "kv_big_label"), t.text(i, "kp_label"));
            SkewStats s = new SkewStats(null, null, null, null, null, null, null, t.number(i, "alpha"));
            RowKeys k = new RowKeys(null, null, t.integer(i, "pc"), null, null, null, null, null);
            LatencyStats none = LatencyStats.none((int) t.integer(i, "n_samples"));
            rows.add(new ProfileRow("attention_skew_fit", k, none, null, null, label, s));
        }
    }

    private static LatencyStats mean(double us) {
        return new LatencyStats(us, us, null, null, null, null);
    }

    private static String field(JsonNode meta, String name, Path file) {
        JsonNode n = meta.get(name);
        if (n == null || n.isNull() || n.asText().isBlank()) {
            throw new InputException(file, "field '" + name + "'", "missing required field.",
                    "add '" + name + "' to meta.yaml.");
        }
        return n.asText();
    }

    private static String text(JsonNode meta, String name) {
        JsonNode n = meta.get(name);
        return n == null || n.isNull() ? "" : n.asText();
    }
}
