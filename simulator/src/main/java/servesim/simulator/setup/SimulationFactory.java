package servesim.simulator.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileViews;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.formats.profile.lookup.SkewTable;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.InputException;
import servesim.simulator.Simulation;
import servesim.simulator.SimulationBuilder;
import servesim.simulator.collective.LinkSpec;
import servesim.simulator.exectime.ProfileExecutionModel;
import servesim.simulator.instance.DataParallelGroup;
import servesim.simulator.instance.Instance;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.moe.ExpertExchange;
import servesim.simulator.moe.ExpertRouting;
import servesim.simulator.moe.ExpertRoutingRegistry;
import servesim.simulator.network.Topology;
import servesim.simulator.pim.PimAttention;
import servesim.simulator.router.Router;
import servesim.simulator.scheduler.SchedulerConfig;
import servesim.simulator.scheduler.VllmV1Scheduler;

/** Builds the instances of resolved plans and a {@link SimulationBuilder} over them. */
public final class SimulationFactory {
    private SimulationFactory() {
    }

    public static Simulation build(List<InstancePlan> plans, LinkSpec link, Topology.Spec topology, Router router,
                                   Router decodeRouter, List<WorkloadRequest> workload, long tickNs,
                                   LookupWarnings warnings) {
        return build(plans, link, null, topology, router, decodeRouter, workload, tickNs, warnings);
    }

    /** @param collectives folder of collective profiles {@code tp<N>.arrow}, or null for the ring model */
    public static Simulation build(List<InstancePlan> plans, LinkSpec link, java.nio.file.Path collectives,
                                   Topology.Spec topology, Router router, Router decodeRouter,
                                   List<WorkloadRequest> workload, long tickNs, LookupWarnings warnings) {
        return build(plans, link, collectives, topology, router, decodeRouter, workload, tickNs, warnings, 0);
    }

    /** @param seed seeds the sampled expert-routing policies (instance i draws from seed + i) */
    public static Simulation build(List<InstancePlan> plans, LinkSpec link, java.nio.file.Path collectives,
                                   Topology.Spec topology, Router router, Router decodeRouter,
                                   List<WorkloadRequest> workload, long tickNs, LookupWarnings warnings, long seed) {
        checkFits(plans, workload);
        return builder(plans, link, collectives, topology, router, decodeRouter, tickNs, warnings, seed)
                .build(workload);
    }

    /**
     * The instances of {@code plans} in a builder, their lock-step groups declared; attach stores, probes and power
     * before building.
     */
    public static SimulationBuilder builder(List<InstancePlan> plans, LinkSpec link, java.nio.file.Path collectives,
                                            Topology.Spec topology, Router router, Router decodeRouter, long tickNs,
                                            LookupWarnings warnings, long seed) {
        List<Instance> instances = new ArrayList<>();
        java.util.Map<String, Integer> groupSeeds = new java.util.HashMap<>();
        for (InstancePlan p : plans) {
            var e = p.engine();
            ProfileLookup lookup = ProfileLookup.compile(p.profile(), p.profilePath().toString(), warnings);

            ProfileLookup coll = null;
            if (collectives != null && p.parallelism().tp() > 1) {
                java.nio.file.Path f = collectives.resolve("tp" + p.parallelism().tp() + ".arrow");
                coll = ProfileLookup.compile(servesim.formats.profile.ProfileReader.read(f), f.toString(), warnings);
            }
            ProfileLookup moe = p.moeProfile() == null || p.moeProfile() == p.profile() ? null
                    : ProfileLookup.compile(p.moeProfile(), p.moeProfilePath().toString(), warnings);
            ExpertRouting routing = p.expertRouting() == null ? null
                    : ExpertRoutingRegistry.create(p.expertRouting(), p.dpGroup() == null ? seed + instances.size()
                    // one seed per group: members draw the same routing of the gathered tokens every wave
                    : seed + groupSeeds.computeIfAbsent(p.dpGroup(), k -> instances.size()), p.name());
            Dtype dtype = Dtype.parse(e.dtype(), p.name());
            var builder = ProfileExecutionModel.builder(lookup, ForwardPass.of(p.model(), p.parallelism()), link,
                            dtype)
                    .power(servesim.formats.profile.lookup.PowerLookup.of(p.profile(), p.profilePath().toString(),
                            warnings))
                    .collectives(coll).experts(moe, routing).skew(SkewTable.of(p.profile()))
                    .bulkLink(physicalLink(p.hardware(), link)).measuredCollectives(measuredCollectives(p.hardware()))
                    .cudaGraphs(e.captureSizes())
                    .overheadNs(e.stepOverheadNs());
            if (p.pim() != null && p.pim().offload()) {
                var m = p.model();
                builder.pim(new PimAttention(p.pim().device(), p.pim().channels(), m.numHeads(), m.numKvHeads(),
                        m.headDim(), e.kvDtype(p.name() + " kv_cache_dtype").bytes(),
                        link.bandwidthBytesPerSec() * p.parallelism().tp(),
                        link.latencyNs(), p.pim().interleave()));
            }
            ProfileExecutionModel exec = builder.build();
            var kv = new KvCacheManager(p.kvBlocks(), e.blockSize(), e.enablePrefixCaching());
            var sched = new VllmV1Scheduler(new SchedulerConfig(e.maxNumSeqs(), e.maxNumBatchedTokens(),
                    e.longPrefillTokenThreshold(), e.enableChunkedPrefill(), e.reserveFullIsl(), e.asyncScheduling()),
                    kv);
            Dtype kvDtype = e.kvDtype(p.name() + " kv_cache_dtype");
            var placement = new Instance.Placement(p.role(), p.node(), p.devices(), p.model().numLayers(),
                    p.model().kvBytesPerTokenPerRank(kvDtype, p.parallelism().tp()) * p.parallelism().tp(),
                    p.offDeviceWeights(), p.stageLayers(), e.kvTransfer().equals("pull"));
            Instance instance = new Instance(instances.size(), p.name(), sched, kv, exec, placement);
            if (!p.offDeviceExperts().isEmpty()) {
                instance.streamExperts(new Instance.ExpertStreaming(p.offDeviceExperts(), p.model().numExperts(),
                        p.model().expertsPerToken()));
            }
            instances.add(instance);
        }
        return new SimulationBuilder(instances, topology, router, decodeRouter, tickNs, warnings)
                .lockStep(lockStepGroups(plans, instances, new LinkSpec(topology.interBytesPerSec(),
                        topology.interLatencyNs())));
    }

    /**
     * The physical link between an instance's devices, for bulk NCCL transfers: the device's datasheet interconnect
     * (per direction; NVLink or PCIe) with the configured link's latency, or the configured link when the catalog
     * does not know the device.
     */
    static LinkSpec physicalLink(String hardware, LinkSpec configured) {
        var device = servesim.formats.hardware.DeviceCatalog.get().find(hardware);
        return device == null || !(device.interconnectGBs() > 0) ? configured
                : new LinkSpec(device.interconnectGBs() * 1e9, configured.latencyNs());
    }

    /** The device's measured collective figures from the catalog, or null. */
    static servesim.formats.hardware.CollectiveFigures measuredCollectives(String hardware) {
        var device = servesim.formats.hardware.DeviceCatalog.get().find(hardware);
        return device == null ? null : device.collectives();
    }

    /**
     * Data-parallel groups of MoE models step in lock-step (their experts' collectives must line up, as in
     * vLLM); dense models' DP members are independent engines and run on their own.
     */
    private static List<DataParallelGroup> lockStepGroups(List<InstancePlan> plans, List<Instance> instances,
                                                          LinkSpec betweenNodes) {
        java.util.Map<String, List<Instance>> members = new java.util.TreeMap<>();
        java.util.Map<String, ExpertExchange> exchanges = new java.util.HashMap<>();
        for (int i = 0; i < plans.size(); i++) {
            InstancePlan p = plans.get(i);
            if (p.dpGroup() != null && p.model().isMoe()) {
                members.computeIfAbsent(p.dpGroup(), k -> new ArrayList<>()).add(instances.get(i));
                exchanges.put(p.dpGroup(), p.exchange());
            }
        }
        List<DataParallelGroup> groups = new ArrayList<>();
        // members on several nodes exchange tokens through the nodes' NICs
        members.forEach((name, list) -> groups.add(new DataParallelGroup(name, list, exchanges.get(name),
                list.stream().mapToInt(Instance::node).distinct().count() > 1 ? betweenNodes : null)));
        return groups;
    }

    /** A request that could never hold its KV on the smallest instance would stall the run: refuse it up front. */
    public static void checkFits(List<InstancePlan> plans, List<WorkloadRequest> workload) {
        InstancePlan smallest = plans.get(0);
        for (InstancePlan p : plans) {
            if ((long) (p.kvBlocks() - 1) * p.engine().blockSize()
                    < (long) (smallest.kvBlocks() - 1) * smallest.engine().blockSize()) {
                smallest = p;
            }
        }
        long tokens = (long) (smallest.kvBlocks() - 1) * smallest.engine().blockSize();
        for (int i = 0; i < workload.size(); i++) {
            WorkloadRequest w = workload.get(i);
            if (w.inputTokens() + (long) w.outputTokens() - 1 > tokens) {
                throw new InputException("workload", "request " + i, String.format(Locale.ROOT,
                        "needs %d tokens of KV cache but %s holds %d.", w.inputTokens() + w.outputTokens() - 1,
                        smallest.name(), tokens), "drop or shorten the request, or give the instance more memory.");
            }
        }
    }
}
