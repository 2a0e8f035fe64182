package servesim.simulator.network;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import servesim.formats.cluster.MemoryTier;
import servesim.simulator.instance.Instance;

/**
 * The links transfers between instances use. Every instance has an egress and an ingress port whose bandwidth
 * is the cluster's intra-node link bandwidth times the instance's devices (each GPU has its own link); every node
 * has a NIC egress and ingress at the inter-node bandwidth. A transfer within a node crosses the sender's egress
 * and the receiver's ingress; across nodes it also crosses both NICs. So a decode instance fed by several prefill
 * instances shares its ingress among them, and one prefill instance feeding several decoders shares its egress.
 */
public final class Topology {
    /**
     * @param intraBytesPerSec per-device link bandwidth within a node
     * @param intraLatencyNs   its latency
     * @param interBytesPerSec NIC bandwidth between nodes
     * @param interLatencyNs   its latency
     */
    public record Spec(double intraBytesPerSec, long intraLatencyNs, double interBytesPerSec, long interLatencyNs,
                       Tiers tiers) {
        public Spec(double intraBytesPerSec, long intraLatencyNs, double interBytesPerSec, long interLatencyNs) {
            this(intraBytesPerSec, intraLatencyNs, interBytesPerSec, interLatencyNs, Tiers.NONE);
        }
    }

    /**
     * Memory tiers weights can be streamed from: each node's host memory ({@code cpu}) and its CXL devices
     * ({@code cxl:N}), each a link at the memory's bandwidth and latency that every reader on the node shares.
     *
     * @param cpu        per node: host memory bandwidth (bytes/s) and latency (ns), absent when the node has none
     * @param cxl        CXL device bandwidth (bytes/s) and latency (ns), or null
     * @param cxlDevices CXL devices per node
     */
    public record Tiers(Map<Integer, double[]> cpu, double[] cxl, int cxlDevices) {
        public static final Tiers NONE = new Tiers(Map.of(), null, 0);
    }

    private final FlowNetwork network;
    private final int[] egress;
    private final int[] ingress;
    private final List<int[]> nics = new ArrayList<>();
    private final Map<TierKey, Integer> tierLinks = new HashMap<>();

    /** A memory tier of one node. */
    private record TierKey(int node, MemoryTier tier) {
    }

    public Topology(Spec spec, List<Instance> instances, FlowNetwork network) {
        this.network = network;
        egress = new int[instances.size()];
        ingress = new int[instances.size()];
        int nodes = instances.stream().mapToInt(Instance::node).max().orElse(0) + 1;
        for (int n = 0; n < nodes; n++) {
            nics.add(new int[] {network.addLink("node" + n + ".nic.out", spec.interBytesPerSec(),
                    spec.interLatencyNs()).id(), network.addLink("node" + n + ".nic.in", spec.interBytesPerSec(),
                    spec.interLatencyNs()).id()});
        }
        Tiers t = spec.tiers();
        for (int n = 0; n < nodes; n++) {
            double[] cpu = t.cpu().get(n);
            if (cpu != null) {
                tierLinks.put(new TierKey(n, MemoryTier.CPU), network.addLink("node" + n + ".cpu_mem", cpu[0], (long) cpu[1]).id());
            }
            for (int d = 0; d < t.cxlDevices(); d++) {
                tierLinks.put(new TierKey(n, new MemoryTier.Cxl(d)), network.addLink("node" + n + ".cxl" + d, t.cxl()[0], (long) t.cxl()[1])
                        .id());
            }
        }
        for (Instance in : instances) {
            double bw = spec.intraBytesPerSec() * in.ranks();
            egress[in.id()] = network.addLink(in.name() + ".out", bw, spec.intraLatencyNs()).id();
            ingress[in.id()] = network.addLink(in.name() + ".in", bw, 0).id();
        }
    }

    /** The links from one instance to another. */
    public int[] path(Instance from, Instance to) {
        if (from.node() == to.node()) {
            return new int[] {egress[from.id()], ingress[to.id()]};
        }
        return new int[] {egress[from.id()], nics.get(from.node())[0], nics.get(to.node())[1], ingress[to.id()]};
    }

    /** The links data takes from memory tier {@code location} of {@code to}'s node to {@code to}. */
    public int[] tierPath(MemoryTier location, Instance to) {
        Integer tier = tierLinks.get(new TierKey(to.node(), location));
        if (tier == null) {
            throw new IllegalStateException("node " + to.node() + " has no memory tier " + location.label());
        }
        return new int[] {tier, ingress[to.id()]};
    }

    /** The links from {@code from} to memory tier {@code location}. */
    public int[] toTierPath(Instance from, MemoryTier location) {
        int[] in = tierPath(location, from);
        return new int[] {egress[from.id()], in[0]};
    }

    /** Whether node {@code node} has memory tier {@code location}. */
    public boolean hasTier(int node, MemoryTier location) {
        return tierLinks.containsKey(new TierKey(node, location));
    }

    /** The narrowest link's bandwidth on {@code path}, bytes per second. */
    public double bandwidth(int[] path) {
        double min = Double.MAX_VALUE;
        for (int l : path) {
            min = Math.min(min, network.link(l).bandwidthBytesPerSec());
        }
        return min;
    }
}
