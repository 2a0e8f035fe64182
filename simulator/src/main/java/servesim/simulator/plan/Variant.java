package servesim.simulator.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import servesim.formats.engine.EngineSettings;
import servesim.formats.io.AtomicFiles;
import servesim.formats.json.JsonFields;
import servesim.formats.scenario.Scenario;
import servesim.formats.workload.LoadSpec;
import servesim.models.InputException;

/**
 * One point of a sweep: a base scenario with some settings changed. Settings are named as in the scenario and cluster
 * files:
 * <ul>
 *   <li>load: {@code request_rate} (number or {@code inf}), {@code burstiness}, {@code rate_scale},
 *       {@code max_concurrency}, {@code num_requests};</li>
 *   <li>scenario: {@code router}, {@code seed};</li>
 *   <li>engine: any vLLM key the engine block takes ({@code max_num_seqs}, {@code max_num_batched_tokens},
 *       {@code enable_prefix_caching}, {@code kv_cache_dtype}, ...);</li>
 *   <li>cluster (applied to every instance of the base cluster): {@code hardware} (device memory then comes from
 *       the device catalog unless the sweep also sets {@code mem_size}), {@code model}, {@code tp}, {@code pp},
 *       {@code ep}, {@code mem_size}, {@code mem_util}; and the layout: {@code instances} (N copies of the base
 *       cluster's first instance on one node) or {@code pd} ({@code "P:D"}: P prefill and D decode copies).</li>
 * </ul>
 * A cluster change writes the point's cluster file into its folder, so every point can be rerun alone.
 */
public final class Variant {
    static final Set<String> LOAD = Set.of("request_rate", "burstiness", "rate_scale", "max_concurrency",
            "num_requests");
    static final Set<String> SCENARIO = Set.of("router", "seed");
    static final Set<String> CLUSTER = Set.of("hardware", "model", "tp", "pp", "ep", "mem_size", "mem_util",
            "instances", "pd");

    private Variant() {
    }

    /** Whether {@code name} is a setting a sweep can vary. */
    public static boolean known(String name) {
        return LOAD.contains(name) || SCENARIO.contains(name) || CLUSTER.contains(name)
                || EngineSettings.KEYS.contains(name);
    }

    /** Every setting a sweep can vary, for messages. */
    public static List<String> names() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>(LOAD);
        all.addAll(SCENARIO);
        all.addAll(CLUSTER);
        all.addAll(EngineSettings.KEYS);
        return List.copyOf(all);
    }

    /** {@code base} with {@code settings} applied; a changed cluster is written to {@code dir}/cluster.json. */
    public static Scenario apply(Scenario base, Map<String, Object> settings, Path dir, String where) {
        Scenario.Builder b = base.toBuilder();
        LoadSpec load = base.load();
        ObjectNode engine = JsonNodeFactory.instance.objectNode();
        ObjectNode cluster = null;
        for (Map.Entry<String, Object> e : settings.entrySet()) {
            String k = e.getKey();
            Object v = e.getValue();
            String at = where + " " + k;
            switch (k) {
                case "request_rate" -> load = load.atRate(rate(v, at));
                case "burstiness" -> load = new LoadSpec(load.requestRate(), number(v, at), load.rateScale(),
                        load.maxConcurrency(), load.seed());
                case "rate_scale" -> load = new LoadSpec(load.requestRate(), load.burstiness(), number(v, at),
                        load.maxConcurrency(), load.seed());
                case "max_concurrency" -> load = new LoadSpec(load.requestRate(), load.burstiness(),
                        load.rateScale(), (int) number(v, at), load.seed());
                case "num_requests" -> b.maxRequests((int) number(v, at));
                case "router" -> b.router(v.toString());
                case "seed" -> b.seed((long) number(v, at));
                default -> {
                    if (CLUSTER.contains(k)) {
                        cluster = cluster != null ? cluster : readCluster(base.clusterFile());
                        cluster(cluster, k, v, at);
                    } else if (EngineSettings.KEYS.contains(k)) {
                        engine.set(k, JsonNodeFactory.instance.pojoNode(v));
                    } else {
                        throw new InputException(where, k, "not a setting a sweep can vary.",
                                "use one of " + String.join(", ", names()) + ".");
                    }
                }
            }
        }
        b.load(load);
        if (!engine.isEmpty()) {
            JsonNode tree = new ObjectMapper().valueToTree(engine);
            b.engine(base.engine().with(JsonFields.root(tree, where + " engine settings")));
        }
        if (cluster != null) {
            Path f = dir.resolve("cluster.json");
            String text = cluster.toPrettyString();
            AtomicFiles.write(f, tmp -> Files.writeString(tmp, text));
            b.cluster(f);
        }
        return b.build();
    }

    private static ObjectNode readCluster(Path file) {
        try {
            return (ObjectNode) new ObjectMapper().readTree(file.toFile());
        } catch (IOException | ClassCastException e) {
            throw new InputException(file, null, "not a readable cluster config (" + e.getMessage() + ").",
                    "fix the base scenario's cluster.");
        }
    }

    /** Applies one cluster setting to every instance (or re-lays the instances for {@code instances}/{@code pd}). */
    private static void cluster(ObjectNode root, String k, Object v, String at) {
        if (k.equals("instances") || k.equals("pd")) {
            relay(root, k, v, at);
            return;
        }
        for (JsonNode node : root.withArray("nodes")) {
            for (JsonNode in : node.withArray("instances")) {
                ObjectNode i = (ObjectNode) in;
                switch (k) {
                    case "hardware" -> {
                        i.put("hardware", v.toString());
                        ObjectNode mem = i.has("npu_mem") ? (ObjectNode) i.get("npu_mem") : i.putObject("npu_mem");
                        mem.remove(List.of("mem_size", "mem_bw")); // the catalog gives the new device's memory
                    }
                    case "model" -> i.put("model_name", v.toString());
                    case "tp" -> {
                        i.put("tp_size", (int) number(v, at));
                        i.put("num_npus", (int) number(v, at) * i.path("pp_size").asInt(1));
                    }
                    case "pp" -> {
                        i.put("pp_size", (int) number(v, at));
                        i.put("num_npus", (int) number(v, at) * i.path("tp_size").asInt(1));
                    }
                    case "ep" -> i.put("ep_size", (int) number(v, at));
                    case "mem_size", "mem_util" -> {
                        ObjectNode mem = i.has("npu_mem") ? (ObjectNode) i.get("npu_mem") : i.putObject("npu_mem");
                        mem.put(k, number(v, at));
                    }
                    default -> throw new IllegalStateException(k);
                }
            }
        }
    }

    /** {@code instances: N} or {@code pd: "P:D"}: copies of the first instance on the first node. */
    private static void relay(ObjectNode root, String k, Object v, String at) {
        ArrayNode nodes = root.withArray("nodes");
        if (nodes.isEmpty() || nodes.get(0).path("instances").isEmpty()) {
            throw new InputException(at, null, "the base cluster has no instance to copy.", "give it one.");
        }
        ObjectNode template = ((ObjectNode) nodes.get(0).get("instances").get(0)).deepCopy();
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        if (k.equals("instances")) {
            int n = (int) number(v, at);
            for (int i = 0; i < n; i++) {
                list.add(template.deepCopy().putNull("pd_type"));
            }
        } else {
            String[] pd = v.toString().split(":");
            int p;
            int d;
            try {
                p = Integer.parseInt(pd[0].trim());
                d = Integer.parseInt(pd[1].trim());
            } catch (RuntimeException e) {
                throw new InputException(at, null, "'" + v + "' is not P:D.", "write e.g. \"1:2\".");
            }
            for (int i = 0; i < p + d; i++) {
                list.add(template.deepCopy().put("pd_type", i < p ? "prefill" : "decode"));
            }
        }
        ObjectNode node0 = (ObjectNode) nodes.get(0);
        node0.set("instances", list);
        node0.put("num_instances", list.size());
        while (nodes.size() > 1) {
            nodes.remove(nodes.size() - 1);
        }
        root.put("num_nodes", 1);
    }

    static double number(Object v, String at) {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            throw new InputException(at, null, "'" + v + "' is not a number.", "give a number.");
        }
    }

    static double rate(Object v, String at) {
        return v.toString().toLowerCase(Locale.ROOT).equals("inf") ? Double.POSITIVE_INFINITY : number(v, at);
    }
}
