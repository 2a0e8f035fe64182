package servesim.formats.importer.llmservingsim;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import servesim.formats.csv.CsvTable;
import servesim.formats.profile.LatencyStats;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileMetadata;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;
import servesim.formats.profile.lookup.AttentionRules;
import servesim.models.InputException;
import servesim.models.ModelCatalog;
import servesim.models.ModelConfig;

/**
 * Converts an LLMServingSim v1.0 perf model (the layout of the ISPASS'26 artifact's {@code perf_models_v0}:
 * {@code <HW>/<org>/<model>/tp<N>/layers.csv} and {@code predictions/attn_{prefill,decode}_predictions.csv}, times in
 * ns) into one servesim profile per TP degree, composed the way LLMServingSim v1.0's trace generator composes a step:
 * <ul>
 *   <li>{@code layers.csv} rows ({@code layer_name,input,kv_cache,tp_size,latency(ns)}) are per-layer latencies by
 *       token count. Separate projections are summed into servesim's fused operators at the same token count
 *       ({@code q_proj + k_proj + v_proj = qkv_proj}, {@code gate_proj + up_proj = gate_up_proj}); {@code rope} is
 *       {@code rotary_emb}, {@code post_layernorm} is {@code post_attention_layernorm}; {@code lm_head} is keyed by
 *       the batch's sequences, as v1.0 looks it up. Where a part lacks the token count the other has (the TPU
 *       model's fused {@code up_proj} and {@code act_fn} rows), the nearest measured count stands in, as v1.0's TPU
 *       lookup does.</li>
 *   <li>Attention comes from the two prediction tables: prefill by (aggregate KV prefix, chunk) and decode by
 *       (sequences, mean KV length); a mixed batch costs the sum of its prefill and decode parts (v1.0 adds the two
 *       lookups), declared in the profile's metadata ({@link AttentionRules#MIXED_SUM}). v1.0's own {@code attn}
 *       rows are its fallback and are not used.</li>
 *   <li>MoE models: v1.0 times the router ({@code gate}) by tokens and one expert's three GEMMs
 *       ({@code expert.w1/w2/w3}) by the tokens routed to it, and a rank runs its experts one after another. The
 *       profile's {@code moe} table (tokens, active experts) is built from those rows: {@code gate(T) + a/tp *
 *       expert(T k / a)} with the tokens spread evenly over the {@code a} active experts and the active experts
 *       spread evenly over the {@code tp} ranks (v1.0 deals experts to ranks round-robin).</li>
 *   <li>v1.0 does not time the sampler (nor, on TPU, rotary embedding, which its attention includes, or the k/v
 *       projections its TPU model fuses into {@code q_proj}): those get explicit 0 us rows or parts, listed in the
 *       metadata key {@code llmservingsim.v1.untimed}.</li>
 * </ul>
 */
public final class LlmServingSimV1Importer {
    public static final String SOURCE = "import:llmservingsim-v1";
    /** Metadata key listing the operators v1.0 does not time (stored as 0 us). */
    public static final String UNTIMED = "llmservingsim.v1.untimed";

    private LlmServingSimV1Importer() {
    }

    /** True when {@code dir} looks like a v1.0 model folder (it holds {@code tp<N>/layers.csv}). */
    public static boolean isV1Folder(Path dir) {
        return !tpDirs(dir).isEmpty();
    }

    /**
     * Imports every {@code tp<N>} of {@code dir} (or only {@code onlyTp}). {@code hardware} and {@code modelId} may
     * be null: they are then read from the path ({@code <HW>/<org>/<model>}).
     */
    public static Map<Integer, Profile> importFolder(Path dir, Integer onlyTp, String hardware, String modelId) {
        Path abs = dir.toAbsolutePath().normalize();
        List<Path> tps = tpDirs(dir);
        if (tps.isEmpty()) {
            throw new InputException(dir, null, "not an LLMServingSim v1.0 perf model: no tp<N>/layers.csv inside.",
                    "pass the model folder that holds tp<N>/ (e.g. perf_models_v0/A6000/meta-llama/Llama-3.1-8B).");
        }
        if (modelId == null) {
            if (abs.getNameCount() < 3) {
                throw new InputException(dir, null, "cannot tell the model from the path.", "pass --model ORG/NAME.");
            }
            modelId = abs.getName(abs.getNameCount() - 2) + "/" + abs.getFileName();
        }
        if (hardware == null) {
            if (abs.getNameCount() < 3) {
                throw new InputException(dir, null, "cannot tell the hardware from the path.", "pass --hardware HW.");
            }
            hardware = abs.getName(abs.getNameCount() - 3).toString();
        }
        ModelConfig model;
        try {
            model = ModelCatalog.get().resolve(modelId);
        } catch (InputException e) {
            throw new InputException(dir, null, "the model '" + modelId + "' (from the path) is not in the catalog.",
                    "pass --model with a catalog id or the path of its config.json.");
        }
        Map<Integer, Profile> out = new LinkedHashMap<>();
        for (Path tpDir : tps) {
            int tp = Integer.parseInt(tpDir.getFileName().toString().substring(2));
            if (onlyTp != null && tp != onlyTp) {
                continue;
            }
            List<String> untimed = new ArrayList<>();
            List<ProfileRow> rows = readTp(tpDir, tp, model, hardware, untimed);
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put(AttentionRules.MIXED, AttentionRules.MIXED_SUM);
            extra.put(UNTIMED, String.join(",", untimed));
            extra.put("llmservingsim.v1.folder", abs.toString());
            boolean tpu = hardware.toUpperCase(java.util.Locale.ROOT).startsWith("TPU");
            ProfileMetadata md = new ProfileMetadata(hardware, tpu ? "tpu" : "gpu", model.id(), "bf16", "bf16", tp,
                    SOURCE, "LLMServingSim v1.0 perf model", "LLMServingSim v1.0 perf model of " + hardware,
                    "", false, extra);
            out.put(tp, new Profile(md, rows));
        }
        if (out.isEmpty()) {
            throw new InputException(dir, null, "the perf model has no tp" + onlyTp + ".",
                    "choose one of " + tps.stream().map(p -> p.getFileName().toString()).toList() + ".");
        }
        return out;
    }

    private static List<Path> tpDirs(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().matches("tp[1-9][0-9]*")
                            && Files.isRegularFile(p.resolve("layers.csv")))
                    .sorted(java.util.Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString()
                            .substring(2))))
                    .toList();
        } catch (java.io.IOException e) {
            throw new InputException(dir, null, "cannot list (" + e.getMessage() + ").", "check the path.");
        }
    }

    static List<ProfileRow> readTp(Path tpDir, int tp, ModelConfig model, String hardware, List<String> untimed) {
        CsvTable t = CsvTable.read(tpDir.resolve("layers.csv"));
        t.requireColumns("layer_name", "input", "kv_cache", "tp_size", "latency(ns)");
        Map<String, TreeMap<Long, Double>> byLayer = new LinkedHashMap<>();
        for (int i = 0; i < t.size(); i++) {
            if (t.integer(i, "tp_size") != tp) {
                throw t.error(i, "tp_size", "row is for tp " + t.integer(i, "tp_size") + " inside " + tpDir.getFileName()
                        + ".");
            }
            long input = t.integer(i, "input");
            double ns = t.number(i, "latency(ns)");
            if (input < 1 || !(ns >= 0)) {
                throw t.error(i, input < 1 ? "input" : "latency(ns)", "must be a positive token count and a "
                        + "non-negative latency.");
            }
            // v1.0 keeps the first row of a repeated key
            byLayer.computeIfAbsent(t.text(i, "layer_name"), k -> new TreeMap<>()).putIfAbsent(input, ns / 1000);
        }
        List<ProfileRow> rows = new ArrayList<>();
        Path layers = tpDir.resolve("layers.csv");
        if (hardware.toUpperCase(java.util.Locale.ROOT).startsWith("TPU")) {
            // v1.0's TPU model: rope inside attention (v1.0 skips the rope rows on TPU), and q/k/v fused into q_proj
            // (v1.0's TPU lookup answers missing layers with 1 ns)
            for (String fused : List.of("k_proj", "v_proj")) {
                if (!byLayer.containsKey(fused)) {
                    untimed.add(fused + " (fused into q_proj)");
                    byLayer.put(fused, new TreeMap<>(Map.of(1L, 0.0)));
                }
            }
            byLayer.remove("rope");
        }
        token(rows, "embedding", layers, byLayer, "embedding");
        token(rows, "input_layernorm", layers, byLayer, "input_layernorm");
        token(rows, "qkv_proj", layers, byLayer, "q_proj", "k_proj", "v_proj");
        if (byLayer.containsKey("rope")) {
            token(rows, "rotary_emb", layers, byLayer, "rope");
        } else {
            untimed.add("rotary_emb (inside attention)");
            zero(rows, "rotary_emb", true);
        }
        token(rows, "o_proj", layers, byLayer, "o_proj");
        token(rows, "post_attention_layernorm", layers, byLayer, "post_layernorm");
        if (model.isMoe()) {
            moe(rows, layers, byLayer, model, tp);
        } else {
            token(rows, "gate_up_proj", layers, byLayer, "gate_proj", "up_proj");
            token(rows, "act_fn", layers, byLayer, "act_fn");
            token(rows, "down_proj", layers, byLayer, "down_proj");
        }
        token(rows, "final_layernorm", layers, byLayer, "final_layernorm");
        TreeMap<Long, Double> lm = need(byLayer, "lm_head", layers);
        lm.forEach((s, us) -> rows.add(ProfileRow.of("lm_head", RowKeys.sequences(s), stats(us))));
        untimed.add("sampler");
        zero(rows, "sampler", false);
        attention(rows, tpDir.resolve("predictions"));
        return rows;
    }

    /** One token-keyed operator: the sum of {@code parts} at every token count the first part has. */
    private static void token(List<ProfileRow> rows, String op, Path file, Map<String, TreeMap<Long, Double>> byLayer,
                              String... parts) {
        TreeMap<Long, Double> first = need(byLayer, parts[0], file);
        for (long tokens : first.keySet()) {
            double us = 0;
            for (String p : parts) {
                us += nearest(need(byLayer, p, file), tokens);
            }
            rows.add(ProfileRow.of(op, RowKeys.tokens(tokens), stats(us)));
        }
    }

    /** Router plus the experts a rank runs, over tokens and active experts (see the class comment). */
    private static void moe(List<ProfileRow> rows, Path file, Map<String, TreeMap<Long, Double>> byLayer,
                            ModelConfig model, int tp) {
        TreeMap<Long, Double> gate = need(byLayer, "gate", file);
        TreeMap<Long, Double> w1 = need(byLayer, "expert.w1", file);
        TreeMap<Long, Double> w2 = need(byLayer, "expert.w2", file);
        TreeMap<Long, Double> w3 = need(byLayer, "expert.w3", file);
        int experts = model.numExperts();
        int k = model.expertsPerToken();
        for (long tokens : gate.keySet()) {
            if (tokens > 64 && tokens % 16 != 0 && tokens != gate.lastKey()) {
                continue; // every count up to 64, then every 16th: the table stays small, interpolation exact enough
            }
            for (int a = 1; a <= experts; a++) {
                double perExpert = Math.max(1, tokens * (double) k / a);
                double expert = interpolate(w1, perExpert) + interpolate(w2, perExpert) + interpolate(w3, perExpert);
                double us = nearest(gate, tokens) + Math.max(1, a / (double) tp) * expert;
                rows.add(ProfileRow.of("moe", RowKeys.moe(tokens, a), stats(us)));
            }
        }
    }

    /** Prefill rows (chunk, KV prefix) and decode rows (sequences, mean KV) from the prediction tables. */
    private static void attention(List<ProfileRow> rows, Path dir) {
        Path prefill = dir.resolve("attn_prefill_predictions.csv");
        Path decode = dir.resolve("attn_decode_predictions.csv");
        for (Path f : List.of(prefill, decode)) {
            if (!Files.isRegularFile(f)) {
                throw new InputException(f, null, "attention prediction table of the perf model is missing.",
                        "restore predictions/ from the LLMServingSim v1.0 profile run.");
            }
        }
        CsvTable p = CsvTable.read(prefill);
        p.requireColumns("kv_cache_size", "prefill_chunk_size", "prediction");
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < p.size(); i++) {
            long kv = p.integer(i, "kv_cache_size");
            long chunk = p.integer(i, "prefill_chunk_size");
            if (chunk < 1 || kv < 0) {
                throw p.error(i, chunk < 1 ? "prefill_chunk_size" : "kv_cache_size", "out of range.");
            }
            if (seen.add(chunk + ":" + kv)) {
                rows.add(ProfileRow.of("attention", RowKeys.attention(chunk, kv, 0, 0),
                        stats(nonNegative(p, i) / 1000)));
            }
        }
        CsvTable d = CsvTable.read(decode);
        d.requireColumns("batch_size", "kv_cache_size", "prediction");
        seen.clear();
        for (int i = 0; i < d.size(); i++) {
            long n = d.integer(i, "batch_size");
            long kv = d.integer(i, "kv_cache_size");
            if (n < 1 || kv < 0) {
                throw d.error(i, n < 1 ? "batch_size" : "kv_cache_size", "out of range.");
            }
            if (seen.add(n + ":" + kv)) {
                rows.add(ProfileRow.of("attention", RowKeys.attention(0, 0, n, kv), stats(nonNegative(d, i) / 1000)));
            }
        }
    }

    private static double nonNegative(CsvTable t, int i) {
        double v = t.number(i, "prediction");
        if (!(v >= 0)) {
            throw t.error(i, "prediction", "latency must be >= 0, got " + v + ".");
        }
        return v;
    }

    private static void zero(List<ProfileRow> rows, String op, boolean tokens) {
        for (long x : new long[] {1, 2048}) {
            rows.add(ProfileRow.of(op, tokens ? RowKeys.tokens(x) : RowKeys.sequences(x), stats(0)));
        }
    }

    private static TreeMap<Long, Double> need(Map<String, TreeMap<Long, Double>> byLayer, String layer, Path file) {
        TreeMap<Long, Double> m = byLayer.get(layer);
        if (m == null) {
            throw new InputException(file, "layer_name", "no rows for '" + layer + "' (it has " + byLayer.keySet()
                    + ").", "use the perf model LLMServingSim v1.0 wrote for this model.");
        }
        return m;
    }

    /** The value at the nearest measured key (v1.0's fallback for missing counts). */
    private static double nearest(TreeMap<Long, Double> m, long key) {
        Map.Entry<Long, Double> lo = m.floorEntry(key);
        Map.Entry<Long, Double> hi = m.ceilingEntry(key);
        if (lo == null) {
            return hi.getValue();
        }
        if (hi == null) {
            return lo.getValue();
        }
        return key - lo.getKey() <= hi.getKey() - key ? lo.getValue() : hi.getValue();
    }

    /** Linear between measured keys, held at the ends. */
    private static double interpolate(TreeMap<Long, Double> m, double key) {
        Map.Entry<Long, Double> lo = m.floorEntry((long) Math.floor(key));
        Map.Entry<Long, Double> hi = m.ceilingEntry((long) Math.ceil(key));
        if (lo == null) {
            return hi.getValue();
        }
        if (hi == null || hi.getKey().equals(lo.getKey())) {
            return lo.getValue();
        }
        double f = (key - lo.getKey()) / (hi.getKey() - lo.getKey());
        return lo.getValue() + f * (hi.getValue() - lo.getValue());
    }

    private static LatencyStats stats(double us) {
        return new LatencyStats(us, us, null, null, null, null);
    }
}
