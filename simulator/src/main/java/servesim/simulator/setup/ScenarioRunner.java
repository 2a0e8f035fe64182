package servesim.simulator.setup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import servesim.formats.cluster.ClusterSpec;
import servesim.formats.cluster.LlmServingSimClusterReader;
import servesim.formats.cluster.MemoryTier;
import servesim.formats.cluster.NodeSpec;
import servesim.formats.cluster.PowerSpec;
import servesim.formats.hardware.DeviceCatalog;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.scenario.Scenario;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.InputException;
import servesim.models.Units;
import servesim.simulator.Simulation;
import servesim.simulator.SimulationBuilder;
import servesim.simulator.SimulationResult;
import servesim.simulator.collective.LinkSpec;
import servesim.simulator.memory.PrefixStores;
import servesim.simulator.network.Topology;
import servesim.simulator.power.PowerModel;

/**
 * Runs a {@link Scenario} end to end: read the cluster, resolve instances and profiles, read or generate the
 * workload, simulate, and write the outputs. Everything that can be wrong with the inputs fails before the
 * simulation starts.
 */
public final class ScenarioRunner {
    private ScenarioRunner() {
    }

    /**
     * A finished run.
     *
     * @param scenario    what was asked
     * @param plans       the resolved instances
     * @param result      what happened
     * @param wallSeconds wall time of the simulation loop alone
     */
    public record Run(Scenario scenario, List<InstancePlan> plans, SimulationResult result, double wallSeconds,
                      PrefixStores stores, String router) {
        /** True when any instance runs on an analytical (estimated) profile. */
        public boolean estimate() {
            return plans.stream().anyMatch(p -> p.profile().data().metadata().estimate());
        }
    }

    public static Run run(Scenario s, LookupWarnings warnings) {
        return run(s, warnings, Plugins.defaults());
    }

    /** Runs {@code s} with the routers, schedulers and expert-routing policies of {@code plugins}. */
    public static Run run(Scenario s, LookupWarnings warnings, Plugins plugins) {
        return run(s, warnings, plugins, servesim.simulator.observe.Progress.NONE);
    }

    /** Runs {@code s}, reporting the share of output tokens generated to {@code progress}. */
    public static Run run(Scenario s, LookupWarnings warnings, Plugins plugins,
                          servesim.simulator.observe.Progress progress) {
        ClusterSpec cluster = LlmServingSimClusterReader.read(s.clusterFile());
        DeviceCatalog devices = devices(s);
        // the workload file is parsed on a second thread while the profiles load (both are pure reads); a bad
        // cluster or profile is still reported before a bad workload
        java.util.concurrent.CompletableFuture<List<WorkloadRequest>> reading =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> workload(s), READERS);
        List<InstancePlan> plans = ClusterBuilder.plan(cluster, s.engine(), new ProfileFinder(s.profileRoots(),
                devices, s.estimatesDir(), s.collectives()), s.profile(), s.activationReserveGiB(), plugins, devices);
        List<WorkloadRequest> workload = joined(reading);
        LinkSpec link = new LinkSpec(cluster.linkBytesPerSec(0), cluster.linkLatencyNs()[0]);
        int last = cluster.linkBwGBs().length - 1;
        Map<Integer, double[]> cpu = new LinkedHashMap<>();
        for (NodeSpec n : cluster.nodes()) {
            if (n.cpuMem() != null && !Double.isNaN(n.cpuMem().bandwidthGBs())) {
                cpu.put(n.index(), new double[] {n.cpuMem().bytesPerSec(), n.cpuMem().latencyNs()});
            }
        }
        double[] cxl = cluster.hasCxl() ? new double[] {cluster.cxl().bytesPerSec(), cluster.cxl().latencyNs()}
                : null;
        Topology.Spec topology = new Topology.Spec(cluster.linkBytesPerSec(0), (long) cluster.linkLatencyNs()[0],
                cluster.linkBytesPerSec(last), (long) cluster.linkLatencyNs()[Math.min(last,
                cluster.linkLatencyNs().length - 1)], new Topology.Tiers(cpu, cxl, cluster.cxlDevices()));
        String router = router(s, plans);
        plugins.routers().check(router, s.source() == null ? "--router" : s.source().toString(),
                s.source() == null ? null : "field 'router'");
        long tickNs = Math.round(s.tickSeconds() * Units.NS_PER_S);
        List<WorkloadRequest> offered = workload;
        SimulationFactory.checkFits(plans, workload, i -> origin(s, offered.get(i), i));
        Horizon.check(s, workload, plans, tickNs, i -> origin(s, offered.get(i), i));
        SimulationBuilder b = SimulationFactory.builder(plans, link, topology,
                plugins.routers().create(router, s.seed(), "router", null),
                plugins.routers().create(router, s.seed() + 1, "router", null), tickNs, warnings, s.seed(), plugins);
        b.maxConcurrency(s.load().maxConcurrency()).goodput(s.goodput())
                .horizon(Horizon.limitNs(plans.size(), tickNs));
        if (progress != servesim.simulator.observe.Progress.NONE) {
            b.listener(new servesim.simulator.observe.TokenProgress(progress,
                    workload.stream().mapToLong(WorkloadRequest::outputTokens).sum(), "simulate " + s.name()));
        }
        if (cluster.nodes().stream().anyMatch(n -> n.hasPower())) {
            b.power(powerModel(cluster, plans, b.instances(), tickNs));
        }
        if (s.prefixStore() != null) {
            checkStoreFits(s, cluster, plans);
        }
        PrefixStores stores = s.prefixStore() != null ? PrefixStores.install(b.instances(), b.topology(),
                b.transfers(), s.prefixStore()) : evictionTiers(cluster, plans, b);
        probeMemory(b, plans, stores);
        Simulation sim = b.build(workload);
        long t0 = System.nanoTime();
        SimulationResult result = sim.run();
        return new Run(s, plans, result, (System.nanoTime() - t0) / Units.NS_PER_S, stores, router);
    }

    /** A prefix store (one per node when shared, else one per instance) must fit in the memory that holds it. */
    static void checkStoreFits(Scenario s, ClusterSpec cluster, List<InstancePlan> plans) {
        var spec = s.prefixStore();
        for (NodeSpec n : cluster.nodes()) {
            long instances = plans.stream().filter(p -> p.seat().node() == n.index()).count();
            double need = spec.capacityGiB() * (spec.shared() ? 1 : instances);
            double have = spec.location() instanceof MemoryTier.Cpu ? (n.cpuMem() == null ? 0 : n.cpuMem().sizeGiB())
                    : cluster.hasCxl() ? cluster.cxl().sizeGiB() : 0;
            if (instances > 0 && need > have) {
                throw new InputException(s.source() == null ? "scenario" : s.source().toString(),
                        "field 'prefix_store.capacity_gib'", String.format(java.util.Locale.ROOT, "node %d needs "
                        + "%.1f GiB of %s for its prefix store%s but has %.1f GiB.", n.index(), need,
                        spec.location().label(), spec.shared() ? "" : "s", have),
                        "lower capacity_gib, or give the node more memory.");
            }
        }
    }

    /** Where request {@code i} of the scenario's workload comes from: its file and line, or its synthetic index. */
    static String origin(Scenario s, WorkloadRequest w, int i) {
        if (s.workloadFile() != null) {
            return s.workloadFile() + (w.line() > 0 ? ", line " + w.line() : ", request " + i);
        }
        return (s.source() != null ? s.source() + ", " : "") + "workload.synthetic, request " + i;
    }

    /** The device catalog of a run: the shipped one, with the scenario's device file and prices. */
    public static DeviceCatalog devices(Scenario s) {
        DeviceCatalog c = DeviceCatalog.get();
        if (s.deviceFile() != null) {
            c = c.with(s.deviceFile());
        }
        return s.prices().isEmpty() ? c : c.withPrices(s.prices());
    }

    /**
     * The requests the scenario offers: its trace (the first {@code max_requests}) or its synthetic workload
     * ({@code max_requests} of them when set), re-timed or rescaled by its load.
     */
    private static final java.util.concurrent.ExecutorService READERS =
            java.util.concurrent.Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "servesim-workload-reader");
                t.setDaemon(true);
                return t;
            });

    /** The value of {@code f}, its failure rethrown as it was thrown on the reading thread. */
    private static <T> T joined(java.util.concurrent.CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    public static List<WorkloadRequest> workload(Scenario s) {
        List<WorkloadRequest> w;
        if (s.workloadFile() != null) {
            w = s.workloadFormat().read(s.workloadFile(), s.tokenizer());
            if (s.maxRequests() > 0 && s.maxRequests() < w.size()) {
                w = w.subList(0, s.maxRequests());
            }
        } else {
            w = s.synthetic().generate(s.maxRequests() > 0 ? s.maxRequests() : s.synthetic().requests());
        }
        return s.load().apply(w);
    }

    /**
     * The scenario's router, or the default: vLLM's DP front end ({@code vllm_dp}) when instances form a
     * data-parallel group (vLLM balances a DP deployment's requests itself), round-robin otherwise.
     */
    static String router(Scenario s, List<InstancePlan> plans) {
        if (s.router() != null) {
            return s.router();
        }
        return plans.stream().anyMatch(p -> p.split().dpGroup() != null) ? "vllm_dp" : "round_robin";
    }

    /**
     * memory.csv columns: each instance's KV cache (in HBM, or in PIM memory with attention offload) and its
     * weights per tier, and each prefix store's use.
     */
    private static void probeMemory(SimulationBuilder sim, List<InstancePlan> plans, PrefixStores stores) {
        double gib = Units.GIB;
        for (int i = 0; i < plans.size(); i++) {
            InstancePlan p = plans.get(i);
            var in = sim.instances().get(i);
            long blockBytes = (long) in.kv().blockSize() * in.kvBytesPerToken();
            String kvTier = p.pim() != null && p.pim().offload() ? ".pim_kv_gib" : ".hbm_kv_gib";
            sim.memory().probe(p.name() + kvTier, () -> (in.kv().pool().capacity() - in.kv().pool().numFree())
                    * (double) blockBytes / gib);
            p.weights().bytes().forEach((loc, bytes) -> sim.memory().probe(p.name() + ".weights_" + loc.label()
                    + "_gib", () -> bytes / gib));
        }
        if (stores != null) {
            stores.probe(sim.memory());
        }
        for (int i = 0; i < plans.size(); i++) {
            InstancePlan p = plans.get(i);
            var in = sim.instances().get(i);
            double share = java.util.Arrays.stream(p.split().stageLayers()).max().getAsInt()
                    / (double) p.model().numLayers();
            double weightsMib = ClusterBuilder.npuWeightsPerRank(p.weights().onDevice(), p.model(),
                    p.split().parallelism(), p.engine().dtype()) * share / Units.MIB;
            double kvMibPerBlock = (double) in.kv().blockSize() * in.kvBytesPerToken() / in.ranks() / Units.MIB;
            sim.perInstance().instance(p.name(), new servesim.simulator.metrics.InstanceSeries.InstanceGauges() {
                public int running() {
                    return in.numRunning();
                }

                public int waiting() {
                    return in.numWaiting();
                }

                public double kvUsage() {
                    return in.kv().usage();
                }

                public double prefixHitRate() {
                    return in.kv().hitRate();
                }

                public double deviceMemMib() {
                    return weightsMib + in.kv().pool().residentBlocks() * kvMibPerBlock;
                }
            });
        }
        if (stores != null) {
            stores.register(sim.perInstance());
        }
    }

    /** Stores for the instances whose placement evicts KV to another tier, or null when none does. */
    private static PrefixStores evictionTiers(ClusterSpec cluster, List<InstancePlan> plans, SimulationBuilder sim) {
        Map<Integer, MemoryTier> tier = new LinkedHashMap<>();
        Map<Integer, Double> gib = new LinkedHashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            InstancePlan p = plans.get(i);
            MemoryTier evict = p.kv().evictTier();
            if (evict == null) {
                continue;
            }
            NodeSpec node = cluster.nodes().get(p.seat().node());
            long sharing = plans.stream().filter(q -> q.seat().node() == p.seat().node()
                    && evict.equals(q.kv().evictTier())).count();
            double size = evict instanceof MemoryTier.Cpu ? (node.cpuMem() == null ? 0 : node.cpuMem().sizeGiB())
                    : cluster.hasCxl() ? cluster.cxl().sizeGiB() : 0;
            tier.put(i, evict);
            gib.put(i, size / sharing);
        }
        return tier.isEmpty() ? null : PrefixStores.installEvictionTiers(sim.instances(), sim.topology(),
                sim.transfers(), tier, gib);
    }

    private static PowerModel powerModel(ClusterSpec cluster, List<InstancePlan> plans,
                                         List<servesim.simulator.instance.Instance> instances, long tickNs) {
        Map<Integer, PowerSpec> power = new LinkedHashMap<>();
        Map<Integer, Double> dram = new LinkedHashMap<>();
        for (NodeSpec n : cluster.nodes()) {
            if (n.hasPower()) {
                power.put(n.index(), n.power());
            }
            dram.put(n.index(), n.cpuMem() == null ? 0 : n.cpuMem().sizeGiB());
        }
        Map<Integer, String> hardware = new LinkedHashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            hardware.put(i, plans.get(i).hardware());
        }
        PowerModel model = new PowerModel(power, instances, hardware, dram, cluster.nodes().size(), tickNs);
        for (InstancePlan p : plans) {
            if (p.pim() != null) {
                model.attachPim(p.seat().node(), p.pim().nodeChannels(), p.pim().device().idleW(), p.pim().device().peakW());
            }
        }
        return model;
    }
}
