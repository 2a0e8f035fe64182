package servesim.simulator.setup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import servesim.formats.cluster.ClusterSpec;
import servesim.formats.cluster.InstanceSpec;
import servesim.formats.cluster.MemoryTier;
import servesim.formats.cluster.NodeSpec;
import servesim.formats.engine.EngineSettings;
import servesim.formats.hardware.DeviceCatalog;
import servesim.formats.hardware.DeviceSpec;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileFiles;
import servesim.models.Dtype;
import servesim.models.InputException;
import servesim.models.ModelCatalog;
import servesim.models.ModelConfig;
import servesim.models.Parallelism;
import servesim.models.PipelineStages;
import servesim.models.Units;
import servesim.simulator.instance.Role;
import servesim.simulator.moe.ExpertExchange;

/**
 * Resolves a cluster config into {@link InstancePlan}s: each instance's model, split, engine settings (the
 * scenario's, overridden by the instance's own fields), profile and KV capacity. Features this version does not
 * simulate are refused here, by name, before anything runs.
 */
public final class ClusterBuilder {
    private ClusterBuilder() {
    }

    public static List<InstancePlan> plan(ClusterSpec cluster, EngineSettings engine, ProfileFinder finder,
                                          Path profileOverride, double activationReserveGiB) {
        return plan(cluster, engine, finder, profileOverride, activationReserveGiB, Plugins.defaults());
    }

    /** The plans of every instance; the schedulers and expert-routing policies they name must be in {@code plugins}. */
    public static List<InstancePlan> plan(ClusterSpec cluster, EngineSettings engine, ProfileFinder finder,
                                          Path profileOverride, double activationReserveGiB, Plugins plugins) {
        return plan(cluster, engine, finder, profileOverride, activationReserveGiB, plugins, DeviceCatalog.get());
    }

    /**
     * The plans of every instance, with device figures (memory an instance's config leaves out, links, measured
     * collectives, price) from {@code devices}.
     */
    public static List<InstancePlan> plan(ClusterSpec cluster, EngineSettings engine, ProfileFinder finder,
                                          Path profileOverride, double activationReserveGiB, Plugins plugins,
                                          DeviceCatalog devices) {
        String src = cluster.source() == null ? "cluster" : cluster.source().toString();
        List<InstancePlan> plans = new ArrayList<>();
        for (NodeSpec node : cluster.nodes()) {
            PimPlan.Node pim = PimPlan.node(cluster, node, src);
            for (InstanceSpec s : node.instances()) {
                InstancePlan p = plan(s, cluster, node, src, engine, finder, profileOverride, activationReserveGiB,
                        pim, devices.find(s.hardware()));
                plugins.schedulers().check(p.engine().scheduler(), src, "instance " + s.id() + " (node " + s.node()
                        + ") scheduler");
                if (p.experts() != null) {
                    plugins.expertRoutings().check(p.experts().routing(), p.experts().source(), p.experts().field());
                }
                plans.add(p);
            }
        }
        checkDisaggregation(plans, src);
        checkDataParallel(plans, src);
        return plans;
    }

    private static InstancePlan plan(InstanceSpec s, ClusterSpec cluster, NodeSpec node, String src,
                                     EngineSettings base, ProfileFinder finder, Path profileOverride,
                                     double activationReserveGiB, PimPlan.Node pimNode, DeviceSpec device) {
        String where = "instance " + s.id() + " (node " + s.node() + ")";
        if (Double.isNaN(s.npuMem().sizeGiB()) && device == null) {
            throw new InputException(src, where + " npu_mem.mem_size", "not given, and hardware '" + s.hardware()
                    + "' is not in the device catalog.", "give npu_mem.mem_size (GiB), or describe the device in a "
                    + "device file (--device-file).");
        }
        var npuMem = s.npuMem().withSize(device == null ? Double.NaN : device.configMemGiB());
        boolean offDevice = s.placement() != null
                && s.placement().layersByLocation(1).keySet().stream().anyMatch(l -> !l.onDevice());
        if (s.pp() > 1 && (s.pdType() != null || offDevice)) {
            unsupported(src, where + " pp_size", "pipeline parallelism combined with disaggregation or weight tiers");
        }
        if (s.dpGroup() != null && (s.pdType() != null || offDevice)) {
            unsupported(src, where + " dp_group", "data parallelism combined with disaggregation or weight tiers");
        }
        if (s.placement() != null && s.placement().kvLocations().stream().anyMatch(l -> !l.onDevice())) {
            unsupported(src, where + " placement.kv_loc", "KV cache placed off the device");
        }
        if (s.numNpus() != s.tp() * s.pp()) {
            throw new InputException(src, where + " num_npus", "num_npus " + s.numNpus() + " is not tp_size x pp_size ("
                    + s.tp() * s.pp() + ").", "make num_npus equal tp_size x pp_size.");
        }
        EngineSettings engine = base.with(s.fields());
        if (ModelCatalog.get().entry(s.model()) == null && !java.nio.file.Files.exists(Path.of(s.model()))) {
            throw new InputException(src, where + " model_name", "'" + s.model() + "' is neither a catalog model "
                    + "nor a config.json.", "use a model from 'servesim models' or the path of a Hugging Face "
                    + "config.json.");
        }
        ModelConfig model = ModelCatalog.get().resolve(s.model());
        if (engine.servedModel() != null && !sameModel(engine.servedModel(), s.model())) {
            throw new InputException(src, where + " model_name", "serves " + s.model() + " but the engine settings "
                    + "were recorded for " + engine.servedModel() + ".", "use the engine.json of a run of "
                    + s.model() + ", or fix model_name.");
        }
        if (engine.declaredTp() > 0 && engine.declaredTp() != s.tp()) {
            throw new InputException(src, where + " tp_size", "is " + s.tp() + " but the engine settings were "
                    + "recorded with tensor_parallel_size " + engine.declaredTp() + ".", "make them agree.");
        }
        Parallelism p = new Parallelism(s.tp(), s.ep());
        p.check(model, src + ", " + where);
        int dp = s.dpGroup() == null ? 1 : (int) cluster.instances().stream()
                .filter(o -> s.dpGroup().equals(o.dpGroup())).count();
        if (s.ep() > 1 && s.ep() != s.tp() && s.ep() != s.tp() * dp) {
            throw new InputException(src, where + " ep_size", "ep_size " + s.ep() + " is neither tp_size (" + s.tp()
                    + ") nor tp_size x the " + dp + " members of its data-parallel group.",
                    "use ep_size " + s.tp() + (dp > 1 ? " or " + s.tp() * dp : "") + ".");
        }
        if (s.pp() > model.numLayers()) {
            throw new InputException(src, where + " pp_size", "pp_size " + s.pp() + " exceeds the " + model.numLayers()
                    + " layers of " + model.id() + ".", "use at most " + model.numLayers() + " stages.");
        }
        Dtype dtype = engine.dtype();
        Path profilePath = profileOverride != null ? profileOverride
                : finder.find(s.hardware(), s.model(), dtype.label(), s.tp(), src + ", " + where);
        Profile profile = ProfileFiles.read(profilePath);
        checkProfile(profile, profilePath, model, s);
        WeightPlacement.Bytes placed = WeightPlacement.of(s.placement(), model, dtype, cluster, node, src + ", "
                + where);
        var weights = placed.all();
        int[] stages = PipelineStages.layers(model.numLayers(), s.pp());
        double share = java.util.Arrays.stream(stages).max().getAsInt() / (double) model.numLayers();
        long deviceWeights = Math.round(npuWeightsPerRank(weights.getOrDefault(MemoryTier.NPU, 0L), model, p, dtype)
                * share);
        PimPlan pim = PimPlan.of(s, node, pimNode, src);
        KvCapacity kv = pim != null && pim.offload()
                ? KvCapacity.inPim(engine, npuMem, model, p, deviceWeights, activationReserveGiB, pim.kvBytes(),
                src + ", " + where)
                : KvCapacity.of(engine, npuMem, model, p, deviceWeights, share, activationReserveGiB,
                src + ", " + where);
        List<String> notes = new ArrayList<>();
        Dtype kvDtype = engine.kvDtype();
        String profiled = profile.metadata().kvDtype() == null ? profile.metadata().dtype() : profile.metadata().kvDtype();
        if (!kvDtype.label().equals(Dtype.parse(profiled, profilePath + " kv_dtype").label())) {
            notes.add("KV cache in " + kvDtype.label() + " (capacity and KV transfers use it); attention times come "
                    + "from the profile, measured with a " + profiled + " KV cache");
        }
        if (pim != null && pim.offload()) {
            notes.add(String.format(java.util.Locale.ROOT, "KV cache and decode attention on %d of the node's %d "
                            + "PIM channels (%s: %.2f GiB, %.1f GB/s streamed and %.1f GB/s bus per channel)%s",
                    pim.channels(), pim.nodeChannels(), pim.device().spec().name(),
                    pim.device().capacityBytes() / (double) Units.GIB, pim.device().streamBytesPerNs(),
                    pim.device().externalBytesPerNs(), pim.interleave() ? ", sub-batch interleaving" : ""));
        }
        InstancePlan.Experts experts = experts(s, model, dtype, profilePath, profile, finder, profileOverride, src + ", " + where,
                notes);
        MemoryTier evict = null;
        if (s.placement() != null) {
            List<MemoryTier> tiers = s.placement().kvEvict().stream().filter(l -> !l.onDevice()).toList();
            if (tiers.size() > 1) {
                throw new InputException(src, where + " placement.kv_evict_loc", "KV is evicted to several tiers "
                        + tiers.stream().map(MemoryTier::label).toList() + ".", "evict every block range to one tier.");
            }
            evict = tiers.isEmpty() ? null : tiers.get(0);
        }
        var split = new InstancePlan.Split(p, stages, s.dpGroup(), ExpertExchange.parse(
                s.fields().text("all2all_backend", "allgather_reducescatter"), s.fields().source(),
                s.fields().where("all2all_backend")));
        Path collectives = finder.collectives(profilePath, profile.metadata().device(), p.tp());
        if (collectives != null) {
            notes.add("TP collectives from " + collectives);
        }
        if (Double.isNaN(s.npuMem().sizeGiB())) {
            notes.add(String.format(java.util.Locale.ROOT, "device memory %.1f GiB from the device catalog (%s: %s)",
                    npuMem.sizeGiB(), device.name(), device.source()));
        }
        return new InstancePlan("node" + s.node() + "/instance" + s.id(), s.hardware(), device, model, split,
                new InstancePlan.Seat(Role.of(s.pdType()), s.node(), s.numNpus()),
                new InstancePlan.ProfileRef(profilePath, profile), collectives, experts, engine,
                new InstancePlan.KvPlan(kv.blocks(), kv.from(), evict), new InstancePlan.Weights(weights,
                placed.experts()), pim, notes);
    }


    /**
     * Device weights per rank: everything sharded over tp, except that experts spread over more EP ranks than tp
     * (expert parallelism across a data-parallel group) hold only {@code experts / ep} whole experts each.
     */
    static double npuWeightsPerRank(long npuBytes, ModelConfig model, Parallelism p, Dtype dtype) {
        double perRank = npuBytes / (double) p.tp();
        if (p.ep() > p.tp()) {
            double experts = (double) model.numLayers() * model.numExperts() * 3L * model.hiddenSize()
                    * model.expertIntermediate() * dtype.bytes();
            perRank -= Math.min(npuBytes, experts) * (1.0 / p.tp() - 1.0 / p.ep());
        }
        return perRank;
    }

    /**
     * Expert parallelism runs whole experts on each rank, so its MoE costs come from the single-rank (tp1)
     * profile's MoE table (the one LLMServingSim's bundles measure); routing over ranks follows the instance's
     * {@code expert_routing} ({@code balanced} unless given).
     */
    private static InstancePlan.Experts experts(InstanceSpec s, ModelConfig model, Dtype dtype, Path profilePath, Profile profile,
                                  ProfileFinder finder, Path profileOverride, String where, List<String> notes) {
        String routing = s.fields().text("expert_routing", "balanced");
        if (s.ep() == 1 || !model.isMoe()) {
            if (s.fields().has("expert_routing")) {
                throw new InputException(s.fields().source(), s.fields().where("expert_routing"),
                        "expert_routing is set but the instance has no expert parallelism.",
                        "remove expert_routing, or set ep_size > 1 on an MoE model.");
            }
            return null;
        }
        String source = s.fields().source();
        String field = s.fields().where("expert_routing");
        if (profile.metadata().tp() == 1) {
            return new InstancePlan.Experts(new InstancePlan.ProfileRef(profilePath, profile), routing, source, field);
        }
        if (profileOverride != null) {
            throw new InputException(where, "ep_size", "expert parallelism needs a tp1 profile for whole-expert MoE "
                    + "costs, but --profile names one tp" + profile.metadata().tp() + " profile.",
                    "drop --profile so profiles are found under the profile roots, or run ep_size 1.");
        }
        Path tp1 = finder.find(s.hardware(), s.model(), dtype.label(), 1, where + " (MoE table for ep_size "
                + s.ep() + ")");
        notes.add("expert parallelism " + s.ep() + " (" + routing + " routing): MoE costs from " + tp1);
        return new InstancePlan.Experts(new InstancePlan.ProfileRef(tp1, ProfileFiles.read(tp1)), routing, source,
                field);
    }

    /** Whether two model names (ids, aliases or paths) are one catalog model, or the same text. */
    static boolean sameModel(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        ModelCatalog.Entry x = ModelCatalog.get().entry(a);
        return x != null && x == ModelCatalog.get().entry(b);
    }

    private static void checkProfile(Profile profile, Path path, ModelConfig model, InstanceSpec s) {
        if (profile.metadata().tp() != s.tp()) {
            throw new InputException(path, "schema metadata 'tp'", "profile is for tp " + profile.metadata().tp()
                    + " but the instance runs tp " + s.tp() + ".", "use the tp" + s.tp() + " profile.");
        }
        ModelCatalog.Entry a = ModelCatalog.get().entry(profile.metadata().model());
        ModelCatalog.Entry b = ModelCatalog.get().entry(model.id());
        boolean same = profile.metadata().model().equals(model.id()) || profile.metadata().model().equals(s.model())
                || (a != null && a == b);
        if (!same) {
            throw new InputException(path, "schema metadata 'model'", "profile measured " + profile.metadata().model()
                    + " but the instance serves " + s.model() + ".", "use a profile of " + s.model() + ".");
        }
    }

    /** Members of a data-parallel group serve one model with one split, and a group has two members or more. */
    private static void checkDataParallel(List<InstancePlan> plans, String src) {
        java.util.Map<String, List<InstancePlan>> groups = new java.util.TreeMap<>();
        plans.stream().filter(p -> p.split().dpGroup() != null)
                .forEach(p -> groups.computeIfAbsent(p.split().dpGroup(), k -> new ArrayList<>()).add(p));
        groups.forEach((name, members) -> {
            InstancePlan first = members.get(0);
            if (members.size() < 2) {
                throw new InputException(src, "dp_group \"" + name + "\"", "data-parallel group has one member ("
                        + first.name() + ").", "give the group two or more instances, or remove dp_group.");
            }
            for (InstancePlan m : members) {
                if (!m.model().id().equals(first.model().id())
                        || !m.split().parallelism().equals(first.split().parallelism())
                        || m.split().exchange() != first.split().exchange()
                        || !java.util.Arrays.equals(m.split().stageLayers(), first.split().stageLayers())) {
                    throw new InputException(src, "dp_group \"" + name + "\"", m.name() + " differs from "
                            + first.name() + " in model, tp/ep/pp or all2all_backend.", "give every member the same model and split.");
                }
            }
        });
    }

    /** Prefill instances need decode instances (and the reverse), all serving one model, so KV can move. */
    private static void checkDisaggregation(List<InstancePlan> plans, String src) {
        List<InstancePlan> pd = plans.stream().filter(p -> p.seat().role() != Role.BOTH).toList();
        if (pd.isEmpty()) {
            return;
        }
        boolean prefill = pd.stream().anyMatch(p -> p.seat().role() == Role.PREFILL);
        boolean decode = pd.stream().anyMatch(p -> p.seat().role() == Role.DECODE);
        if (!prefill || !decode) {
            throw new InputException(src, "pd_type", "disaggregation needs at least one \"prefill\" and one "
                    + "\"decode\" instance.", "give the missing role to an instance, or set every pd_type to null.");
        }
        if (pd.stream().map(p -> p.model().id()).distinct().count() > 1) {
            throw new InputException(src, "pd_type", "prefill and decode instances serve different models, so KV "
                    + "cannot move between them.", "serve one model on every prefill and decode instance.");
        }
        if (plans.size() != pd.size()) {
            throw new InputException(src, "pd_type", "some instances are disaggregated and some are not.",
                    "give every instance a pd_type, or none.");
        }
    }

    private static void unsupported(String src, String where, String feature) {
        throw new InputException(src, where, feature + " is not simulated by this version of servesim.",
                "remove it from the config, or use a build that supports " + feature + ".");
    }
}
