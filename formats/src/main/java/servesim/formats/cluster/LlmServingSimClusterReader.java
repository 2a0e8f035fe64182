package servesim.formats.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import servesim.formats.engine.EngineSettings;
import servesim.formats.json.JsonFields;
import servesim.models.InputException;

/**
 * Reads LLMServingSim cluster configs as they are (single and multi-node, with or without memory tiers,
 * PD types, DP groups, PIM and power blocks): 2.0's keys ({@code num_npus}, {@code tp_size}, {@code pp_size}) and
 * v1.0's ({@code npu_num} devices in {@code npu_group} pipeline groups, TP = npu_num / npu_group), as the ISPASS'26
 * artifact writes them. Reading never drops a feature silently: the simulator decides what
 * it supports and says what it does not.
 */
public final class LlmServingSimClusterReader {
    private LlmServingSimClusterReader() {
    }

    private static final Set<String> TOP = Set.of("num_nodes", "link_bw", "link_latency", "nodes", "cxl_mem");
    private static final Set<String> NODE = Set.of("num_instances", "cpu_mem", "instances", "power");
    private static final Set<String> MEMORY = Set.of("mem_size", "mem_bw", "mem_latency", "mem_util",
            "num_devices", "pim_config");
    /** Instance fields servesim reads (engine settings come on top). */
    private static final Set<String> INSTANCE = Set.of("model_name", "hardware", "npu_mem", "num_npus", "tp_size",
            "pp_size", "ep_size", "dp_group", "pd_type", "placement", "expert_routing", "all2all_backend",
            "enable_attn_offloading", "enable_sub_batch_interleaving",
            // LLMServingSim v1.0's layout keys (the ISPASS'26 artifact): npu_num devices in npu_group pipeline groups
            "npu_num", "npu_group",
            // LLMServingSim's own shortcuts for building its traces; they change how it computes, not what it models
            "enable_block_copy", "enable_attn_prediction");
    /** LLMServingSim fields that change what is simulated and that servesim does not model. */
    private static final Map<String, String> UNSUPPORTED = Map.of(
            "prioritize_prefill", "prefill-first batching",
            "enable_local_offloading", "local weight offloading through the device's own memory expansion",
            "physical_layout", "physical layouts (cross-node pipeline placement)");

    /**
     * Every field of {@code f} is one servesim reads: a field it does not know (a typo, or a feature of another
     * version) is an error naming it, never silently dropped.
     */
    private static void known(JsonFields f, Set<String> known, String what) {
        f.node().fieldNames().forEachRemaining(name -> {
            if (UNSUPPORTED.containsKey(name)) {
                throw new InputException(f.source(), f.where(name), UNSUPPORTED.get(name) + " ('" + name
                        + "') is not simulated by this version of servesim.", "remove '" + name + "'.");
            }
            if (!known.contains(name)) {
                throw new InputException(f.source(), f.where(name), "unknown " + what + " field '" + name + "'.",
                        "use one of " + new TreeSet<>(known) + ".");
            }
        });
    }

    public static ClusterSpec read(Path file) {
        JsonFields root;
        root = JsonFields.root(servesim.formats.json.JsonFiles.read(file, new ObjectMapper(), "cluster config"),
                file.toString());
        known(root, TOP, "cluster");
        int numNodes = (int) root.positive("num_nodes", 1);
        int n = root.arraySize("nodes");
        if (n != numNodes) {
            throw new InputException(file.toString(), root.where("nodes"), "num_nodes is " + numNodes + " but "
                    + n + " nodes are listed.", "make them agree.");
        }
        double[] bw = perLevel(root, "link_bw");
        double[] lat = perLevel(root, "link_latency");
        for (int i = 0; i < bw.length; i++) {
            if (!(bw[i] > 0) || Double.isInfinite(bw[i])) {
                throw new InputException(file.toString(), root.where("link_bw"), "bandwidth " + bw[i] + " is not a "
                        + "positive number.", "give the link bandwidth in GB/s (> 0).");
            }
        }
        for (double l : lat) {
            if (!(l >= 0) || Double.isInfinite(l)) {
                throw new InputException(file.toString(), root.where("link_latency"), "latency " + l + " is not a "
                        + "number >= 0.", "give the link latency in ns (>= 0).");
            }
        }
        List<NodeSpec> nodes = new ArrayList<>();
        int id = 0;
        for (int i = 0; i < n; i++) {
            JsonFields node = root.element("nodes", i);
            known(node, NODE, "node");
            int ni = node.arraySize("instances");
            if (node.has("num_instances") && node.integer("num_instances") != ni) {
                throw new InputException(file.toString(), node.where("num_instances"), "says "
                        + node.integer("num_instances") + " but " + ni + " instances are listed.", "make them agree.");
            }
            MemorySpec cpu = node.has("cpu_mem") ? memory(node.object("cpu_mem")) : null;
            String pim = node.has("cpu_mem") ? node.object("cpu_mem").text("pim_config", null) : null;
            List<InstanceSpec> instances = new ArrayList<>();
            for (int j = 0; j < ni; j++) {
                instances.add(instance(node.element("instances", j), id++, i));
            }
            nodes.add(new NodeSpec(i, cpu, pim, node.has("power") ? power(node.object("power")) : null,
                    List.copyOf(instances)));
        }
        if (id == 0) {
            throw new InputException(file.toString(), root.where("nodes"), "no node has an instance.",
                    "give at least one node an instance to serve the model.");
        }
        MemorySpec cxl = root.has("cxl_mem") ? memory(root.object("cxl_mem")) : null;
        int cxlDevices = cxl == null ? 0 : (int) root.object("cxl_mem").positive("num_devices", 1);
        return new ClusterSpec(file, bw, lat, cxl, cxlDevices, List.copyOf(nodes));
    }

    private static InstanceSpec instance(JsonFields f, int id, int node) {
        Set<String> fields = new java.util.HashSet<>(INSTANCE);
        fields.addAll(EngineSettings.KEYS);
        known(f, fields, "instance");
        int tp;
        int pp;
        int npus;
        if (f.has("npu_num") || f.has("npu_group")) {
            for (String v2 : List.of("num_npus", "tp_size", "pp_size")) {
                if (f.has(v2)) {
                    throw new InputException(f.source(), f.where(v2), "'" + v2 + "' (LLMServingSim 2.0) is mixed "
                            + "with npu_num/npu_group (LLMServingSim v1.0).", "use one layout: num_npus with "
                            + "tp_size/pp_size, or npu_num with npu_group.");
                }
            }
            // v1.0: npu_num devices split into npu_group pipeline groups, each group tensor-parallel over the rest
            npus = (int) f.integer("npu_num");
            if (npus <= 0) {
                throw new InputException(f.source(), f.where("npu_num"), "must be positive, got " + npus + ".",
                        "use a value > 0.");
            }
            pp = (int) f.positive("npu_group", 1);
            if (npus % pp != 0) {
                throw new InputException(f.source(), f.where("npu_group"), "npu_num " + npus + " is not a multiple "
                        + "of npu_group " + pp + ".", "make npu_num a multiple of npu_group (TP = npu_num / "
                        + "npu_group).");
            }
            tp = npus / pp;
        } else {
            tp = (int) f.positive("tp_size", 1);
            pp = (int) f.positive("pp_size", 1);
            npus = (int) f.positive("num_npus", (long) tp * pp);
        }
        int ep = (int) f.positive("ep_size", 1);
        String pd = f.has("pd_type") ? f.text("pd_type") : null;
        if (pd != null && !pd.equals("prefill") && !pd.equals("decode")) {
            throw new InputException(f.source(), f.where("pd_type"), "unknown pd_type '" + pd + "'.",
                    "use \"prefill\", \"decode\" or null.");
        }
        MemorySpec npuMem = f.has("npu_mem") ? npuMemory(f.object("npu_mem")) : MemorySpec.FROM_CATALOG;
        return new InstanceSpec(id, node, f.text("model_name"), f.text("hardware"), npuMem, npus,
                tp, pp, ep, f.text("dp_group", null), pd, f.has("placement") ? placement(f.object("placement")) : null,
                f);
    }

    /**
     * A placement: the default location, then block ranges ("0-3", "8,9,10") overriding it per decoder layer, and
     * named layers (embedding, final_layernorm, lm_head). The layer count is not known here, so blocks are kept up
     * to the highest index named; the builder checks them against the model.
     */
    private static PlacementSpec placement(JsonFields p) {
        JsonFields d = p.object("default");
        MemoryTier dflt = location(d, "weights");
        java.util.Set<MemoryTier> kv = new java.util.TreeSet<>();
        java.util.Set<MemoryTier> evict = new java.util.TreeSet<>();
        kv.add(location(d, "kv_loc"));
        evict.add(location(d, "kv_evict_loc"));
        java.util.Map<Integer, MemoryTier> byLayer = new java.util.TreeMap<>();
        if (p.has("blocks")) {
            for (int i = 0; i < p.arraySize("blocks"); i++) {
                JsonFields b = p.element("blocks", i);
                MemoryTier where = location(b, "weights");
                kv.add(location(b, "kv_loc"));
                evict.add(location(b, "kv_evict_loc"));
                for (String part : b.text("blocks").split(",")) {
                    String[] r = part.trim().split("-");
                    try {
                        int lo = Integer.parseInt(r[0].trim());
                        int hi = r.length > 1 ? Integer.parseInt(r[1].trim()) : lo;
                        for (int l = lo; l <= hi; l++) {
                            byLayer.put(l, where);
                        }
                    } catch (NumberFormatException e) {
                        throw new InputException(b.source(), b.where("blocks"), "'" + b.text("blocks") + "' is not "
                                + "a list of layer indices or ranges.", "write e.g. \"0-3\" or \"8,9,10\".");
                    }
                }
            }
        }
        int n = byLayer.isEmpty() ? 0 : byLayer.keySet().stream().mapToInt(Integer::intValue).max().getAsInt() + 1;
        MemoryTier[] layers = new MemoryTier[n];
        for (int l = 0; l < n; l++) {
            layers[l] = byLayer.getOrDefault(l, dflt);
        }
        JsonFields named = p.optionalObject("layers");
        java.util.Map<String, MemoryTier> parts = new java.util.TreeMap<>();
        if (named != null) {
            named.node().fieldNames().forEachRemaining(name -> {
                JsonFields layer = named.object(name);
                kv.add(location(layer, "kv_loc"));
                evict.add(location(layer, "kv_evict_loc"));
                if (!List.of("embedding", "final_layernorm", "lm_head").contains(name) && layer.has("weights")) {
                    parts.put(name, location(layer, "weights"));
                }
            });
        }
        return new PlacementSpec(dflt, layers, part(named, "embedding", dflt), part(named, "final_layernorm", dflt),
                part(named, "lm_head", dflt), kv, evict, parts);
    }

    private static MemoryTier part(JsonFields named, String name, MemoryTier dflt) {
        return named != null && named.has(name) ? location(named.object(name), "weights") : dflt;
    }

    private static MemoryTier location(JsonFields f, String field) {
        return MemoryTier.parse(f.text(field, "npu"), f.source(), f.where(field));
    }

    private static PowerSpec power(JsonFields p) {
        java.util.Map<String, PowerSpec.NpuPower> npu = new java.util.LinkedHashMap<>();
        JsonFields n = p.object("npu");
        n.node().fieldNames().forEachRemaining(hw -> {
            JsonFields x = n.object(hw);
            npu.put(hw, new PowerSpec.NpuPower(x.number("idle_power"), x.number("standby_power"),
                    x.number("active_power"), x.number("standby_duration")));
        });
        JsonFields cpu = p.object("cpu");
        JsonFields dram = p.object("dram");
        JsonFields link = p.object("link");
        JsonFields nic = p.object("nic");
        JsonFields storage = p.object("storage");
        return new PowerSpec(p.number("base_node_power"), java.util.Map.copyOf(npu), cpu.number("idle_power"),
                cpu.number("active_power"), cpu.number("util"), dram.number("dimm_size"), dram.number("idle_power"),
                dram.number("energy_per_bit"), (int) link.integer("num_links"), link.number("idle_power"),
                link.number("energy_per_bit"), (int) nic.integer("num_nics"), nic.number("idle_power"),
                (int) storage.integer("num_devices"), storage.number("idle_power"));
    }

    /** An instance's device memory; without mem_size the device catalog gives it. */
    private static MemorySpec npuMemory(JsonFields m) {
        return checked(m, m.number("mem_size", Double.NaN));
    }

    private static MemorySpec memory(JsonFields m) {
        return checked(m, m.number("mem_size"));
    }

    /** A memory whose size (when given) is positive, bandwidth positive, latency >= 0 and mem_util in (0, 1]. */
    private static MemorySpec checked(JsonFields m, double size) {
        known(m, MEMORY, "memory");
        double bw = m.number("mem_bw", Double.NaN);
        double lat = m.number("mem_latency", 0);
        double util = m.number("mem_util", Double.NaN);
        range(m, "mem_size", size, Double.isNaN(size) || (size > 0 && size < 1e9), "a size in GiB > 0");
        range(m, "mem_bw", bw, Double.isNaN(bw) || (bw > 0 && bw < 1e12), "a bandwidth in GB/s > 0");
        range(m, "mem_latency", lat, lat >= 0 && lat < 1e15, "a latency in ns >= 0");
        range(m, "mem_util", util, Double.isNaN(util) || (util > 0 && util <= 1), "a fraction in (0, 1]");
        return new MemorySpec(size, bw, lat, util);
    }

    private static void range(JsonFields m, String field, double v, boolean ok, String what) {
        if (!ok) {
            throw new InputException(m.source(), m.where(field), v + " is out of range.", "give " + what + ".");
        }
    }

    private static double[] perLevel(JsonFields root, String field) {
        JsonNode n = root.node().get(field);
        if (n == null || n.isNull()) {
            throw new InputException(root.source(), root.where(field), "missing required field.",
                    "set " + field + " (a number, or a list per network level).");
        }
        if (n.isNumber()) {
            return new double[] {n.asDouble()};
        }
        if (n.isArray() && n.size() > 0) {
            double[] v = new double[n.size()];
            for (int i = 0; i < v.length; i++) {
                if (!n.get(i).isNumber()) {
                    throw new InputException(root.source(), root.where(field + "[" + i + "]"), "expected a number.",
                            "write numbers.");
                }
                v[i] = n.get(i).asDouble();
            }
            return v;
        }
        throw new InputException(root.source(), root.where(field), "expected a number or a list of numbers.",
                "fix the value.");
    }
}
