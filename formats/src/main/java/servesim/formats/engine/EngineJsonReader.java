package servesim.formats.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import servesim.formats.json.JsonFields;
import servesim.models.InputException;

/**
 * Reads the vLLM engine settings an LLMServingSim bench run recorded ({@code engine.json}): its
 * {@code engine_kwargs}, then the resolved {@code kv_cache} block ({@code num_gpu_blocks}, block size, prefix
 * caching), then the resolved scheduler settings, {@code enforce_eager} and CUDA-graph capture sizes where present. A {@code vllm_version} before 0.14 turns
 * asynchronous scheduling off (it became the default in 0.14) unless the settings say otherwise.
 */
public final class EngineJsonReader {
    private EngineJsonReader() {
    }

    /** Whether a version string such as {@code 0.13.0rc2.dev79} is below {@code major.minor}. */
    static boolean olderThan(String version, int major, int minor) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^v?(\\d+)\\.(\\d+)").matcher(version.trim());
        if (!m.find()) {
            return false;
        }
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(2));
        return a < major || (a == major && b < minor);
    }

    public static EngineSettings read(Path file, EngineSettings base) {
        JsonFields root;
        root = JsonFields.root(servesim.formats.json.JsonFiles.read(file, new ObjectMapper(), "engine.json"),
                file.toString());
        java.util.Set<String> known = java.util.Set.of("schema_version", "model", "vllm_version", "engine_kwargs",
                "dataset_path", "dataset_hash", "num_requests", "tick_seconds", "kv_cache", "hardware",
                "resolved_config");
        if (root.node() == null || !root.node().isObject()) {
            throw new InputException(file, null, "not an engine.json (a JSON object).", "pass an LLMServingSim "
                    + "bench engine.json with --engine.");
        }
        root.node().fieldNames().forEachRemaining(k -> {
            if (!known.contains(k)) {
                throw new InputException(file, "field '" + k + "'", "not a key of an engine.json" + (k.equals("nodes")
                        || k.equals("num_nodes") ? " (this looks like a cluster config)" : "") + ".",
                        "pass the run's engine.json with --engine (a cluster config goes to --cluster); its keys are "
                        + String.join(", ", known.stream().sorted().toList()) + ".");
            }
        });
        if (!root.has("engine_kwargs") && !root.has("kv_cache") && !root.has("resolved_config")
                && !root.has("vllm_version")) {
            throw new InputException(file, null, "holds no engine settings (engine_kwargs, kv_cache, "
                    + "resolved_config or vllm_version).", "pass the run's engine.json with --engine.");
        }
        EngineSettings s = base;
        if (root.has("model")) {
            s = s.with(JsonFields.root(new ObjectMapper().createObjectNode().put("model", root.text("model")),
                    file.toString()));
        }
        String version = root.text("vllm_version", null);
        if (version != null && !version.trim().matches("v?\\d+\\.\\d+.*")) {
            throw new InputException(file, root.where("vllm_version"), "'" + version + "' is not a vLLM version.",
                    "give the version the run used, e.g. \"0.19.0\".");
        }
        if (root.has("engine_kwargs")) {
            checkKwargs(root, root.object("engine_kwargs"));
        }
        if (version != null && olderThan(version, 0, 14)) {
            s = s.withAsyncScheduling(false); // asynchronous scheduling became vLLM's default in 0.14
        }
        if (root.has("engine_kwargs")) {
            s = s.with(root.object("engine_kwargs"));
        }
        if (root.has("kv_cache")) {
            s = s.with(root.object("kv_cache"));
        }
        JsonFields resolved = root.optionalObject("resolved_config");
        if (resolved != null && resolved.has("scheduler_config")) {
            s = s.with(resolved.object("scheduler_config"));
        }
        if (resolved != null && resolved.has("model_config")) {
            JsonFields model = resolved.object("model_config");
            if (model.has("enforce_eager")) {
                s = s.with(JsonFields.root(new ObjectMapper().createObjectNode().put("enforce_eager",
                        model.bool("enforce_eager", false)), file.toString()));
            }
        }
        if (resolved != null && resolved.has("compilation_config")) {
            JsonFields c = resolved.object("compilation_config");
            if (c.has("cudagraph_capture_sizes")) {
                var node = new ObjectMapper().createObjectNode();
                node.set("cudagraph_capture_sizes", c.node().get("cudagraph_capture_sizes"));
                s = s.with(JsonFields.root(node, file + " resolved_config.compilation_config"));
            }
        }
        return s;
    }

    /**
     * vLLM's engine arguments take null for "the default", never 0: a zero or negative limit is refused here (a
     * cluster instance's 0 keeps LLMServingSim's meaning of "default"); the top-level model must be the one the
     * engine served.
     */
    private static void checkKwargs(JsonFields root, JsonFields kwargs) {
        for (String k : java.util.List.of("max_num_seqs", "max_num_batched_tokens", "max_model_len",
                "tensor_parallel_size", "data_parallel_size", "pipeline_parallel_size")) {
            if (kwargs.has(k)) {
                long v = kwargs.integer(k, 1);
                if (v < 1) {
                    throw new InputException(kwargs.source(), kwargs.where(k), "is " + v + "; vLLM needs a "
                            + "positive value (null for its default).", "give a value >= 1, or null.");
                }
            }
        }
        if (root.has("model") && kwargs.has("model") && !root.text("model").equals(kwargs.text("model"))) {
            throw new InputException(root.source(), root.where("model"), "'" + root.text("model") + "' but "
                    + "engine_kwargs.model is '" + kwargs.text("model") + "'.", "make them name the same model.");
        }
    }
}
