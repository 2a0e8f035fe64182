package servesim.simulator.setup;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import servesim.formats.engine.KvTransfer;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.PowerLookup;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.formats.profile.lookup.SkewTable;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.ForwardPass;
import servesim.models.InputException;
import servesim.models.Units;
import servesim.simulator.Simulation;
import servesim.simulator.SimulationBuilder;
import servesim.simulator.collective.LinkSpec;
import servesim.simulator.exectime.ProfileExecutionModel;
import servesim.simulator.instance.DataParallelGroup;
import servesim.simulator.instance.Instance;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.moe.ExpertExchange;
import servesim.simulator.moe.ExpertRouting;
import servesim.simulator.network.Topology;
import servesim.simulator.pim.PimAttention;
import servesim.simulator.router.Router;
import servesim.simulator.scheduler.Scheduler;
import servesim.simulator.scheduler.SchedulerConfig;

/** Builds the instances of resolved plans and a {@link SimulationBuilder} over them. */
public final class SimulationFactory {
    private SimulationFactory() {
    }

    /** The simulation of {@code workload} on the instances of {@code plans}, without stores, probes or power. */
    public static Simulation build(List<InstancePlan> plans, LinkSpec link, Topology.Spec topology, Router router,
                                   Router decodeRouter, List<WorkloadRequest> workload, long tickNs,
                                   LookupWarnings warnings) {
        checkFits(plans, workload);
        return builder(plans, link, topology, router, decodeRouter, tickNs, warnings, 0, Plugins.defaults())
                .build(workload);
    }

    /**
     * The instances of {@code plans} in a builder, their lock-step groups declared; attach stores, probes and power
     * before building.
     *
     * @param seed        seeds the sampled expert-routing policies (instance i draws from seed + i; the members of a
     *                    data-parallel group share their first member's)
     */
    public static SimulationBuilder builder(List<InstancePlan> plans, LinkSpec link, Topology.Spec topology, Router router, Router decodeRouter, long tickNs,
                                            LookupWarnings warnings, long seed, Plugins plugins) {
        List<Instance> instances = new ArrayList<>();
        java.util.Map<String, Integer> groupSeeds = new java.util.HashMap<>();
        // instances on the same profile file share its compiled lookup (one run is one thread)
        java.util.Map<servesim.formats.profile.Profile, ProfileLookup> lookups = new java.util.IdentityHashMap<>();
        for (InstancePlan p : plans) {
            int id = instances.size();
            // one seed per group: members draw the same routing of the gathered tokens every wave
            long routingSeed = seed + (p.split().dpGroup() == null ? id
                    : groupSeeds.computeIfAbsent(p.split().dpGroup(), k -> id));
            KvCacheManager kv = new KvCacheManager(p.kv().blocks(), p.engine().blockSize(),
                    p.engine().enablePrefixCaching());
            Instance instance = new Instance(id, p.name(), scheduler(p, kv, plugins), kv,
                    executionModel(p, link, warnings, plugins, routingSeed, lookups), placement(p));
            if (!p.weights().offDeviceExperts().isEmpty()) {
                instance.streamExperts(new Instance.ExpertStreaming(p.weights().offDeviceExperts(),
                        p.model().numExperts(), p.model().expertsPerToken()));
            }
            instances.add(instance);
        }
        return new SimulationBuilder(instances, topology, router, decodeRouter, tickNs, warnings)
                .lockStep(lockStepGroups(plans, instances, new LinkSpec(topology.interBytesPerSec(),
                        topology.interLatencyNs())));
    }

    private static Scheduler scheduler(InstancePlan p, KvCacheManager kv, Plugins plugins) {
        var e = p.engine();
        var config = new SchedulerConfig(e.maxNumSeqs(), e.maxNumBatchedTokens(), e.longPrefillTokenThreshold(),
                e.enableChunkedPrefill(), e.reserveFullIsl(), e.asyncScheduling());
        return plugins.schedulers().create(e.scheduler(), new Scheduler.Parts(config, kv), p.name(), "scheduler");
    }

    private static Instance.Placement placement(InstancePlan p) {
        var e = p.engine();
        int tp = p.split().parallelism().tp();
        return new Instance.Placement(p.seat().role(), p.seat().node(), p.seat().devices(), p.model().numLayers(),
                p.model().kvBytesPerTokenPerRank(e.kvDtype(), tp) * tp, p.weights().offDevice(),
                p.split().stageLayers(), e.kvTransfer() == KvTransfer.PULL);
    }

    /** The profile-driven execution model of one instance: its lookups, links, collectives, experts and PIM. */
    private static ProfileExecutionModel executionModel(InstancePlan p, LinkSpec link, LookupWarnings warnings, Plugins plugins, long routingSeed,
                                                        java.util.Map<servesim.formats.profile.Profile,
                                                                ProfileLookup> lookups) {
        var e = p.engine();
        var profile = p.profile();
        ProfileLookup lookup = lookups.computeIfAbsent(profile.data(), d -> ProfileLookup.compile(d,
                profile.path().toString(), warnings));
        ProfileLookup coll = null;
        java.nio.file.Path f = p.collectives();
        if (f != null) {
            coll = lookups.computeIfAbsent(servesim.formats.profile.ProfileFiles.read(f), d -> ProfileLookup.compile(d,
                    f.toString(), warnings));
        }
        var experts = p.experts();
        ProfileLookup moe = experts == null || experts.table().data() == profile.data() ? null
                : lookups.computeIfAbsent(experts.table().data(), d -> ProfileLookup.compile(d,
                        experts.table().path().toString(), warnings));
        ExpertRouting routing = experts == null ? null
                : plugins.expertRoutings().create(experts.routing(), routingSeed, experts.source(), experts.field());
        var builder = ProfileExecutionModel.builder(lookup, ForwardPass.of(p.model(), p.split().parallelism()), link,
                        e.dtype())
                .power(PowerLookup.of(profile.data(), profile.path().toString(), warnings))
                .collectives(coll).experts(moe, routing).skew(SkewTable.of(profile.data()))
                .bulkLink(physicalLink(p.device(), link))
                .measuredCollectives(p.device() == null ? null : p.device().collectives())
                .cudaGraphs(e.captureSizes())
                .overheadNs(e.stepOverheadNs());
        if (p.pim() != null && p.pim().offload()) {
            var m = p.model();
            builder.pim(new PimAttention(p.pim().device(), p.pim().channels(), m.numHeads(), m.numKvHeads(),
                    m.headDim(), e.kvDtype().bytes(), link.bandwidthBytesPerSec() * p.split().parallelism().tp(), link.latencyNs(),
                    p.pim().interleave()));
        }
        return builder.build();
    }

    /**
     * The physical link between an instance's devices, for bulk NCCL transfers: the device's datasheet interconnect
     * (per direction; NVLink or PCIe) with the configured link's latency, or the configured link when the catalog
     * does not know the device.
     */
    static LinkSpec physicalLink(servesim.formats.hardware.DeviceSpec device, LinkSpec configured) {
        return device == null || !(device.interconnectGBs() > 0) ? configured
                : new LinkSpec(device.interconnectGBs() * Units.NS_PER_S, configured.latencyNs());
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
            String group = p.split().dpGroup();
            if (group != null && p.model().isMoe()) {
                members.computeIfAbsent(group, k -> new ArrayList<>()).add(instances.get(i));
                exchanges.put(group, p.split().exchange());
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
        checkFits(plans, workload, i -> "workload, request " + i);
    }

    /**
     * Refuses, before anything runs, a request no instance could serve: one longer than the engine's
     * {@code max_model_len} (the model's own limit when not set), which vLLM rejects, and one whose KV could never fit
     * in the smallest instance's cache, which would stall the run. {@code where} names request {@code i} (its file and
     * line).
     */
    public static void checkFits(List<InstancePlan> plans, List<WorkloadRequest> workload,
                                 java.util.function.IntFunction<String> where) {
        InstancePlan smallest = plans.get(0);
        InstancePlan shortest = plans.get(0);
        for (InstancePlan p : plans) {
            if ((long) (p.kv().blocks() - 1) * p.engine().blockSize()
                    < (long) (smallest.kv().blocks() - 1) * smallest.engine().blockSize()) {
                smallest = p;
            }
            if (maxModelLen(p) < maxModelLen(shortest)) {
                shortest = p;
            }
        }
        long tokens = (long) (smallest.kv().blocks() - 1) * smallest.engine().blockSize();
        long limit = maxModelLen(shortest);
        for (int i = 0; i < workload.size(); i++) {
            WorkloadRequest w = workload.get(i);
            long total = w.inputTokens() + (long) w.outputTokens();
            if (total > limit) {
                throw new InputException(where.apply(i), null, String.format(Locale.ROOT, "the request has %d "
                        + "prompt and %d output tokens, %d in all, beyond %s's max_model_len of %d (vLLM refuses "
                        + "it).", w.inputTokens(), w.outputTokens(), total, shortest.name(), limit), "drop or shorten "
                        + "the request, or raise max_model_len (the model allows " + shortest.model().maxPositions()
                        + ").");
            }
            if (total - 1 > tokens) {
                throw new InputException(where.apply(i), null, String.format(Locale.ROOT,
                        "the request needs %d tokens of KV cache but %s holds %d.", total - 1, smallest.name(),
                        tokens), "drop or shorten the request, or give the instance more memory.");
            }
        }
    }

    /** The engine's max_model_len, or the model's own context when it is not set. */
    static long maxModelLen(InstancePlan p) {
        return p.engine().maxModelLen() > 0 ? p.engine().maxModelLen() : p.model().maxPositions();
    }
}
