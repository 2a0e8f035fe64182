package servesim.simulator.power;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import servesim.formats.cluster.PowerSpec;
import servesim.models.InputException;
import servesim.models.Units;
import servesim.simulator.instance.Instance;
import servesim.simulator.observe.SimulationListener;

/**
 * LLMServingSim's power model, integrated over each component's state timeline (not sampled):
 * <ul>
 *   <li>base node power, CPU at {@code idle + util (active - idle)}, DRAM idle per DIMM, links, NICs and storage
 *       at idle power: constant over the run;</li>
 *   <li>CPU while an instance computes: LLMServingSim's rule that the host runs at 70% utilisation while the
 *       accelerators execute (the engine's process drives them), i.e. {@code (active - idle) max(0.7 - util, 0)}
 *       more per computing instance; the artifact's calibrated power blocks assume it;</li>
 *   <li>accelerators: each device of an instance is active while the instance runs a step (at the config's
 *       active power, or at the step's mean power from the profile's measured {@code power_w} where the profile
 *       has it), then in standby for {@code standby_duration} seconds, then idle;</li>
 *   <li>links: energy per bit for every byte moved (TP collectives' ring traffic, KV hand-offs, weights streamed
 *       from other tiers), at the moment it moves; DRAM: energy per bit for weights streamed from host memory.</li>
 *   <li>PIM ({@code pim_config}): the node's host memory is PIM channels, so they replace the DIMMs' idle power:
 *       every channel at the device's idle power, plus {@code peak - idle} for each channel-nanosecond a step keeps
 *       a channel computing, spread over that step.</li>
 * </ul>
 * Only nodes with a power block are accounted.
 */
public final class PowerModel implements SimulationListener {
    /** Component names, in ledger order within a node. */
    public static final List<String> COMPONENTS = List.of("base", "npu", "cpu", "dram", "link", "nic", "storage",
            "pim");
    private static final int NPU = 1;
    private static final int CPU = 2;
    /** The CPU utilisation LLMServingSim's power model assumes while accelerators compute. */
    static final double CPU_UTIL_WHILE_COMPUTING = 0.7;
    private static final int LINK = 4;
    private static final int PIM = 7;

    private final Map<Integer, PowerSpec> nodes = new LinkedHashMap<>();
    private final List<Device> devices = new ArrayList<>();
    private final Map<Integer, Double> dimms = new LinkedHashMap<>();
    private final EnergyLedger ledger;
    private final int nodeCount;
    private final Map<Integer, PimChannels> pim = new LinkedHashMap<>();

    /** A node's PIM channels and their power per channel. */
    private record PimChannels(int channels, double idleW, double peakW) {
    }

    /** One instance's devices and their state. */
    private static final class Device {
        final Instance instance;
        final PowerSpec.NpuPower npu;
        final int count;
        final int node;
        long since;
        boolean active;
        long standbyUntil;
        double activeW;

        Device(Instance instance, PowerSpec.NpuPower npu, int count, int node) {
            this.instance = instance;
            this.npu = npu;
            this.count = count;
            this.node = node;
        }
    }

    /**
     * @param powerByNode node index to its power block (nodes without one are not accounted)
     * @param hardware    instance id to hardware label
     * @param dramGiB     node index to host memory size
     */
    public PowerModel(Map<Integer, PowerSpec> powerByNode, List<Instance> instances, Map<Integer, String> hardware,
                      Map<Integer, Double> dramGiB, int nodeCount, long tickNs) {
        this.nodes.putAll(powerByNode);
        this.nodeCount = nodeCount;
        this.ledger = new EnergyLedger(tickNs, nodeCount * COMPONENTS.size());
        for (Instance in : instances) {
            PowerSpec p = powerByNode.get(in.node());
            if (p == null) {
                continue;
            }
            PowerSpec.NpuPower npu = p.npu().get(hardware.get(in.id()));
            if (npu == null) {
                throw new InputException("cluster", "nodes[" + in.node() + "].power.npu", "no entry for hardware '"
                        + hardware.get(in.id()) + "' of " + in.name() + ".", "add power figures for "
                        + hardware.get(in.id()) + ".");
            }
            devices.add(new Device(in, npu, in.ranks(), in.node()));
        }
        powerByNode.forEach((n, p) -> dimms.put(n, Math.ceil(dramGiB.getOrDefault(n, 0.0) / p.dimmSizeGiB())));
    }

    /**
     * A step starts; {@code measuredWatts} is the profile's measured mean device power for it (NaN: use the
     * config's active power).
     */
    @Override
    public void stepStarted(Instance in, long nowNs, double measuredWatts) {
        Device d = device(in);
        if (d != null) {
            settle(d, nowNs);
            d.active = true;
            d.activeW = Double.isNaN(measuredWatts) ? d.npu.activeW() : measuredWatts;
        }
    }

    /** A step ended; {@code linkBytes} crossed the instance's links during it. */
    @Override
    public void stepEnded(Instance in, long nowNs, long linkBytes) {
        Device d = device(in);
        if (d == null) {
            return;
        }
        settle(d, nowNs);
        d.active = false;
        d.standbyUntil = nowNs + Math.round(d.npu.standbySeconds() * Units.NS_PER_S);
        bytesMoved(in.node(), nowNs, linkBytes, false);
    }

    /**
     * Node {@code node}'s host memory is {@code channels} PIM channels drawing {@code idleW} each, {@code peakW}
     * while computing.
     */
    public void attachPim(int node, int channels, double idleW, double peakW) {
        pim.put(node, new PimChannels(channels, idleW, peakW));
    }

    /** {@code in}'s PIM channels compute for {@code channelNs} channel-nanoseconds during [start, end). */
    @Override
    public void pimActive(Instance in, long startNs, long endNs, double channelNs) {
        int node = in.node();
        PimChannels p = pim.get(node);
        if (p == null || !nodes.containsKey(node) || channelNs <= 0) {
            return;
        }
        double joules = channelNs * 1e-9 * (p.peakW() - p.idleW());
        long end = Math.max(endNs, startNs + 1);
        ledger.add(index(node, PIM), startNs, end, joules / ((end - startNs) * 1e-9));
    }

    /** Bytes moved over node {@code node}'s links at {@code nowNs}, and through its host DRAM when {@code hostDram}. */
    @Override
    public void bytesMoved(int node, long nowNs, long bytes, boolean hostDram) {
        PowerSpec p = nodes.get(node);
        if (p != null && bytes > 0) {
            ledger.addImpulse(index(node, LINK), nowNs, bytes * 8.0 * p.linkPjPerBit() * 1e-12);
            if (hostDram) {
                ledger.addImpulse(index(node, 3), nowNs, bytes * 8.0 * p.dramPjPerBit() * 1e-12);
            }
        }
    }

    private Device device(Instance in) {
        for (Device d : devices) {
            if (d.instance == in) {
                return d;
            }
        }
        return null;
    }

    /** Accounts a device's power from its last change to {@code nowNs}. */
    private void settle(Device d, long nowNs) {
        int c = index(d.node, NPU);
        if (d.active) {
            ledger.add(c, d.since, nowNs, d.count * d.activeW);
            PowerSpec p = nodes.get(d.node);
            double busy = Math.max(CPU_UTIL_WHILE_COMPUTING - p.cpuUtil(), 0) * (p.cpuActiveW() - p.cpuIdleW());
            if (busy > 0) {
                ledger.add(index(d.node, CPU), d.since, nowNs, busy);
            }
        } else {
            long standbyEnd = Math.min(nowNs, Math.max(d.since, d.standbyUntil));
            ledger.add(c, d.since, standbyEnd, d.count * d.npu.standbyW());
            ledger.add(c, standbyEnd, nowNs, d.count * d.npu.idleW());
        }
        d.since = nowNs;
    }

    /** Closes every timeline at {@code endNs}. */
    @Override
    public void finish(long endNs) {
        for (Device d : devices) {
            settle(d, endNs);
        }
        nodes.forEach((n, p) -> {
            ledger.add(index(n, 0), 0, endNs, p.baseNodeW());
            ledger.add(index(n, CPU), 0, endNs, p.cpuIdleW() + p.cpuUtil() * (p.cpuActiveW() - p.cpuIdleW()));
            PimChannels channels = pim.get(n);
            if (channels == null) {
                ledger.add(index(n, 3), 0, endNs, dimms.get(n) * p.dimmIdleW());
            } else {
                ledger.add(index(n, PIM), 0, endNs, channels.channels() * channels.idleW());
            }
            ledger.add(index(n, LINK), 0, endNs, p.links() * p.linkIdleW());
            ledger.add(index(n, 5), 0, endNs, p.nics() * p.nicIdleW());
            ledger.add(index(n, 6), 0, endNs, p.storageDevices() * p.storageIdleW());
        });
    }

    /** The energy report of a finished run that generated {@code outputTokens} tokens. */
    public EnergyReport report(long outputTokens) {
        return new EnergyReport(ledger, nodes.keySet().stream().sorted().toList(), outputTokens);
    }

    private int index(int node, int component) {
        return node * COMPONENTS.size() + component;
    }

    /**
     * Energy totals and the power series of a run.
     *
     * @param ledger       the integrated ledger
     * @param nodes        nodes accounted
     * @param outputTokens tokens generated (for joules per token)
     */
    public record EnergyReport(EnergyLedger ledger, List<Integer> nodes, long outputTokens) {
        public double totalJoules() {
            double j = 0;
            for (int n : nodes) {
                for (int c = 0; c < COMPONENTS.size(); c++) {
                    j += ledger.total(n * COMPONENTS.size() + c);
                }
            }
            return j;
        }

        public double joules(int node, String component) {
            return ledger.total(node * COMPONENTS.size() + COMPONENTS.indexOf(component));
        }

        /** Joules per generated token (NaN when none was generated). */
        public double joulesPerOutputToken() {
            return outputTokens == 0 ? Double.NaN : totalJoules() / outputTokens;
        }
    }
}
