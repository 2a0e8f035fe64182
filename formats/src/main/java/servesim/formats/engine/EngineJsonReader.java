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
        try {
            root = JsonFields.root(new ObjectMapper().readTree(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new InputException(file, null, "not readable JSON (" + e.getMessage().split("\n")[0] + ").",
                    "fix the file.");
        }
        EngineSettings s = base;
        String version = root.text("vllm_version", null);
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
}
