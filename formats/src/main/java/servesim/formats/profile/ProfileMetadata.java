package servesim.formats.profile;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * File-level facts of a profile, stored as Arrow schema metadata.
 *
 * @param device          device name as servesim's hardware labels spell it (e.g. {@code RTX4090}, {@code cpu})
 * @param deviceKind      gpu, cpu, tpu, pim or analytical
 * @param model           model id
 * @param dtype           weight/activation dtype label
 * @param kvDtype         KV-cache dtype label
 * @param tp              tensor-parallel degree the shapes were sharded for
 * @param source          who made it: {@code djl-pytorch-<ver>}, {@code import:llmservingsim}, {@code analytical}
 * @param profilerVersion version of the tool that wrote it
 * @param host            host description (CPU/GPU model, threads, library versions)
 * @param createdAt       ISO-8601 instant of creation
 * @param estimate        true when latencies are estimates rather than measurements (analytical profiles)
 * @param extra           further key/value facts (op aliases, the source's own metadata, ...)
 */
public record ProfileMetadata(String device, String deviceKind, String model, String dtype, String kvDtype, int tp,
                              String source, String profilerVersion, String host, String createdAt,
                              boolean estimate, Map<String, String> extra) {
    /** Extra key: comma-separated {@code alias=target} operator aliases (one measured row set serving two ops). */
    public static final String OP_ALIASES = "op_aliases";

    public ProfileMetadata {
        require(device, "device");
        require(deviceKind, "device_kind");
        require(model, "model");
        require(dtype, "dtype");
        require(source, "source");
        if (tp < 1) {
            throw new IllegalArgumentException("profile metadata: tp must be >= 1, got " + tp);
        }
        extra = Map.copyOf(extra == null ? Map.of() : extra);
    }

    private static void require(String v, String name) {
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("profile metadata: '" + name + "' is required");
        }
    }

    /** Operator aliases declared in {@link #OP_ALIASES}: alias name to the name whose rows serve it. */
    public Map<String, String> opAliases() {
        Map<String, String> out = new LinkedHashMap<>();
        String s = extra.get(OP_ALIASES);
        if (s != null && !s.isBlank()) {
            for (String pair : s.split(",")) {
                String[] kv = pair.split("=", 2);
                out.put(kv[0].trim(), kv[1].trim());
            }
        }
        return out;
    }

}
