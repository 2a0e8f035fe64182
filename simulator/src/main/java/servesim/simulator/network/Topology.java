package servesim.simulator.network;

import java.util.ArrayList;
import java.util.List;
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
    public record Spec(double intraBytesPerSec, long intraLatencyNs, double interBytesPerSec, long interLatencyNs) {
    }

    private final FlowNetwork network;
    private final int[] egress;
    private final int[] ingress;
    private final List<int[]> nics = new ArrayList<>();

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

    /** The narrowest link's bandwidth on {@code path}, bytes per second. */
    public double bandwidth(int[] path) {
        double min = Double.MAX_VALUE;
        for (int l : path) {
            min = Math.min(min, network.link(l).bandwidthBytesPerSec());
        }
        return min;
    }
}
