package servesim.simulator.setup;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import servesim.formats.cluster.ClusterSpec;
import servesim.formats.cluster.MemoryTier;
import servesim.formats.cluster.NodeSpec;
import servesim.formats.cluster.PlacementSpec;
import servesim.models.Dtype;
import servesim.models.InputException;
import servesim.models.ModelConfig;
import servesim.models.ParameterCount;

/**
 * Weight bytes of one instance by memory tier, all ranks together, from its
 * placement. Each decoder layer carries an equal share of the attention, MLP (all experts), router and norm
 * parameters and sits where its block says, except that a named part ({@code layers: {"expert": ...}}) goes
 * where it is named in every layer; the embedding and LM head (and the final norm) go where the placement names
 * them.
 */
public final class WeightPlacement {
    /** Weight bytes by location, and the part of them that is MoE experts, by location. */
    public record Bytes(Map<MemoryTier, Long> all, Map<MemoryTier, Long> experts) {
    }

    /**
     * Named parts of a decoder layer (LLMServingSim's layer names) and their parameters per layer. Attention
     * projections share the layer's attention parameters in proportion to their shapes (q and o: q_dim, k and v:
     * kv_dim).
     */
    private static final Map<String, ToDoubleFunction<ModelConfig>> PARTS = parts();

    private static Map<String, ToDoubleFunction<ModelConfig>> parts() {
        Map<String, ToDoubleFunction<ModelConfig>> m = new LinkedHashMap<>();
        m.put("input_layernorm", WeightPlacement::norm);
        m.put("q_proj", c -> attention(c, c.qDim()));
        m.put("k_proj", c -> attention(c, c.kvDim()));
        m.put("v_proj", c -> attention(c, c.kvDim()));
        m.put("o_proj", c -> attention(c, c.qDim()));
        m.put("post_layernorm", WeightPlacement::norm);
        m.put("gate_proj", WeightPlacement::dense);
        m.put("up_proj", WeightPlacement::dense);
        m.put("down_proj", WeightPlacement::dense);
        m.put("gate", c -> moe(c, c.parameters().router()));
        m.put("expert", c -> moe(c, c.parameters().mlp()));
        return java.util.Collections.unmodifiableMap(m);
    }

    private WeightPlacement() {
    }

    public static Bytes of(PlacementSpec p, ModelConfig m, Dtype dtype, ClusterSpec cluster, NodeSpec node,
                           String where) {
        ParameterCount c = m.parameters();
        double perLayer = (c.attention() + c.mlp() + c.router() + c.norms() - norm(m)) / (double) m.numLayers();
        Map<MemoryTier, Long> out = new TreeMap<>();
        Map<MemoryTier, Long> experts = new TreeMap<>();
        if (p == null) {
            out.put(MemoryTier.NPU, c.bytes(dtype));
            return new Bytes(out, experts);
        }
        if (p.layerWeights().length > m.numLayers()) {
            throw new InputException(where, "placement.blocks", "names layer " + (p.layerWeights().length - 1)
                    + " but " + m.id() + " has " + m.numLayers() + " layers.", "use layer indices 0-"
                    + (m.numLayers() - 1) + ".");
        }
        double named = 0;
        for (Map.Entry<String, MemoryTier> e : p.layerParts().entrySet()) {
            double params = part(e.getKey(), m, where);
            named += params;
            add(out, e.getValue(), m.numLayers() * params * dtype.bytes());
            if (e.getKey().equals("expert") && !e.getValue().onDevice()) {
                add(experts, e.getValue(), m.numLayers() * params * dtype.bytes());
            }
        }
        double rest = perLayer - named;
        p.layersByLocation(m.numLayers()).forEach((loc, n) -> add(out, loc, n * rest * dtype.bytes()));
        if (m.isMoe() && !p.layerParts().containsKey("expert")) {
            double expertShare = c.mlp() / (double) m.numLayers() * dtype.bytes();
            p.layersByLocation(m.numLayers()).forEach((loc, n) -> {
                if (!loc.onDevice()) {
                    add(experts, loc, n * expertShare);
                }
            });
        }
        add(out, p.embedding(), c.embedding() * dtype.bytes());
        add(out, p.lmHead(), c.lmHead() * dtype.bytes());
        add(out, p.finalNorm(), norm(m) * dtype.bytes());
        out.values().removeIf(b -> b == 0);
        for (MemoryTier loc : out.keySet()) {
            check(loc, cluster, node, where);
        }
        return new Bytes(out, experts);
    }

    /** Parameters of named part {@code name} in one layer of {@code m}; unknown or absent parts are refused. */
    private static double part(String name, ModelConfig m, String where) {
        ToDoubleFunction<ModelConfig> f = PARTS.get(name);
        if (f == null) {
            throw new InputException(where, "placement.layers." + name, "'" + name + "' is not a weighted part of "
                    + "a decoder layer.", "name one of " + PARTS.keySet() + ", or embedding, final_layernorm, "
                    + "lm_head.");
        }
        double params = f.applyAsDouble(m);
        if (params <= 0) {
            throw new InputException(where, "placement.layers." + name, m.id() + (m.isMoe() ? " is a mixture of "
                    + "experts and has no dense " + name + "." : " is dense and has no " + name + "."),
                    m.isMoe() ? "place 'expert' and 'gate' instead." : "place gate_proj, up_proj and down_proj.");
        }
        return params;
    }

    /** One layer norm (every decoder layer has two, plus the final norm). */
    private static double norm(ModelConfig m) {
        return m.parameters().norms() / (2.0 * m.numLayers() + 1);
    }

    private static double attention(ModelConfig m, long dim) {
        return m.parameters().attention() / (double) m.numLayers() * dim / (2.0 * m.qDim() + 2.0 * m.kvDim());
    }

    private static double dense(ModelConfig m) {
        return m.isMoe() ? 0 : m.parameters().mlp() / 3.0 / m.numLayers();
    }

    private static double moe(ModelConfig m, long params) {
        return m.isMoe() ? params / (double) m.numLayers() : 0;
    }

    private static void add(Map<MemoryTier, Long> out, MemoryTier loc, double bytes) {
        out.merge(loc, Math.round(bytes), Long::sum);
    }

    private static void check(MemoryTier loc, ClusterSpec cluster, NodeSpec node, String where) {
        if (loc instanceof MemoryTier.Cpu && node.cpuMem() == null) {
            throw new InputException(where, "placement", "weights placed on cpu but the node has no cpu_mem.",
                    "add cpu_mem to the node.");
        }
        if (loc instanceof MemoryTier.Cxl cxl && (!cluster.hasCxl() || cxl.index() >= cluster.cxlDevices())) {
            throw new InputException(where, "placement", "weights placed on " + loc.label() + " but the cluster has "
                    + cluster.cxlDevices() + " CXL device(s).", "add cxl_mem with enough num_devices.");
        }
    }
}
