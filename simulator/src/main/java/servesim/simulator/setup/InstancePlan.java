package servesim.simulator.setup;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import servesim.formats.cluster.MemoryTier;
import servesim.formats.engine.EngineSettings;
import servesim.formats.hardware.DeviceSpec;
import servesim.formats.profile.Profile;
import servesim.models.ModelConfig;
import servesim.models.Parallelism;
import servesim.simulator.instance.Role;
import servesim.simulator.moe.ExpertExchange;

/**
 * Everything resolved about one instance before the run.
 *
 * @param name     "node0/instance0"
 * @param hardware hardware label
 * @param device   the catalog's figures for it, or null for hardware the catalog does not know
 * @param model    architecture
 * @param split    how the model is split over devices and instances
 * @param seat     the instance's role, node and devices
 * @param profile  its profile
 * @param collectives the collective profile its TP collectives are costed from, or null (ring model / device
 *                 figures)
 * @param experts  expert parallelism's MoE table and routing, or null without EP
 * @param engine   engine settings
 * @param kv       its KV cache
 * @param weights  where its weights live
 * @param pim      the node's PIM memory and this instance's use of it, or null when the node has none
 * @param notes    facts about the plan a report should repeat
 */
public record InstancePlan(String name, String hardware, DeviceSpec device, ModelConfig model, Split split, Seat seat,
                           ProfileRef profile, Path collectives, Experts experts, EngineSettings engine, KvPlan kv, Weights weights,
                           PimPlan pim, List<String> notes) {
    /**
     * How the model is split.
     *
     * @param parallelism TP (and EP) split
     * @param stageLayers decoder layers per pipeline stage
     * @param dpGroup     data-parallel group name, or null
     * @param exchange    how MoE tokens reach experts spread over the DP group ({@code all2all_backend})
     */
    public record Split(Parallelism parallelism, int[] stageLayers, String dpGroup, ExpertExchange exchange) {
    }

    /**
     * Where the instance sits.
     *
     * @param role    prefill/decode role
     * @param node    node index
     * @param devices devices the instance spans
     */
    public record Seat(Role role, int node, int devices) {
    }

    /** A profile file and its contents. */
    public record ProfileRef(Path path, Profile data) {
    }

    /**
     * Expert parallelism: the profile whose MoE table it uses and the routing policy, by name with the config
     * field that named it (for the error if no such policy is registered).
     */
    public record Experts(ProfileRef table, String routing, String source, String field) {
    }

    /**
     * The KV cache.
     *
     * @param blocks    KV blocks (including vLLM's null block)
     * @param from      how {@code blocks} was obtained, for the run report
     * @param evictTier the tier the config evicts KV to, or null
     */
    public record KvPlan(int blocks, String from, MemoryTier evictTier) {
    }

    /**
     * Weight bytes, all ranks together.
     *
     * @param bytes            by tier
     * @param offDeviceExperts the MoE expert part of them off the device, by tier
     */
    public record Weights(Map<MemoryTier, Long> bytes, Map<MemoryTier, Long> offDeviceExperts) {
        /** Weight bytes that live off the device, by tier. */
        public Map<MemoryTier, Long> offDevice() {
            Map<MemoryTier, Long> m = new TreeMap<>(bytes);
            m.remove(MemoryTier.NPU);
            return m;
        }

        /** Weight bytes on the device (all ranks). */
        public long onDevice() {
            return bytes.getOrDefault(MemoryTier.NPU, 0L);
        }
    }
}
