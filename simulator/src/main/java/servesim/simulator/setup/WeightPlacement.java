package servesim.simulator.setup;

import java.util.Map;
import java.util.TreeMap;
import servesim.formats.cluster.ClusterSpec;
import servesim.formats.cluster.NodeSpec;
import servesim.formats.cluster.PlacementSpec;
import servesim.models.Dtype;
import servesim.models.InputException;
import servesim.models.ModelConfig;
import servesim.models.ParameterCount;

/**
 * Weight bytes of one instance by location ({@code npu}, {@code cpu}, {@code cxl:N}), all ranks together, from its
 * placement: every decoder layer carries an equal share of the attention, MLP (all experts), router and norm
 * parameters; the embedding and LM head (and the final norm) go where the placement names them.
 */
public final class WeightPlacement {
    private WeightPlacement() {
    }

    public static Map<String, Long> bytesByLocation(PlacementSpec p, ModelConfig m, Dtype dtype, ClusterSpec cluster,
                                                    NodeSpec node, String where) {
        ParameterCount c = m.parameters();
        double perLayer = (c.attention() + c.mlp() + c.router() + c.norms()) / (double) m.numLayers();
        Map<String, Long> out = new TreeMap<>();
        if (p == null) {
            out.put("npu", c.bytes(dtype));
            return out;
        }
        if (p.layerWeights().length > m.numLayers()) {
            throw new InputException(where, "placement.blocks", "names layer " + (p.layerWeights().length - 1)
                    + " but " + m.id() + " has " + m.numLayers() + " layers.", "use layer indices 0-"
                    + (m.numLayers() - 1) + ".");
        }
        p.layersByLocation(m.numLayers()).forEach((loc, n) -> add(out, loc, n * perLayer * dtype.bytes()));
        add(out, p.embedding(), c.embedding() * dtype.bytes());
        add(out, p.lmHead(), c.lmHead() * dtype.bytes());
        for (String loc : out.keySet()) {
            check(loc, cluster, node, where);
        }
        return out;
    }

    private static void add(Map<String, Long> out, String loc, double bytes) {
        out.merge(loc, Math.round(bytes), Long::sum);
    }

    private static void check(String loc, ClusterSpec cluster, NodeSpec node, String where) {
        if (loc.equals("cpu") && node.cpuMem() == null) {
            throw new InputException(where, "placement", "weights placed on cpu but the node has no cpu_mem.",
                    "add cpu_mem to the node.");
        }
        if (loc.startsWith("cxl:")) {
            int i = Integer.parseInt(loc.substring(4));
            if (!cluster.hasCxl() || i >= cluster.cxlDevices()) {
                throw new InputException(where, "placement", "weights placed on " + loc + " but the cluster has "
                        + cluster.cxlDevices() + " CXL device(s).", "add cxl_mem with enough num_devices.");
            }
        }
    }
}
