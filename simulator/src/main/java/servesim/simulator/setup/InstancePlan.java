package servesim.simulator.setup;

import java.nio.file.Path;
import servesim.formats.engine.EngineSettings;
import servesim.formats.profile.Profile;
import servesim.models.ModelConfig;
import servesim.models.Parallelism;
import servesim.simulator.instance.Role;

/**
 * Everything resolved about one instance before the run: the model, its split, its profile and engine.
 *
 * @param name          "node0/instance0"
 * @param model         architecture
 * @param parallelism   TP (and EP) split
 * @param hardware      hardware label
 * @param profilePath   profile file
 * @param profile       profile contents
 * @param engine        engine settings
 * @param kvBlocks      KV blocks (including vLLM's null block)
 * @param kvBlocksFrom  how {@code kvBlocks} was obtained, for the run report
 * @param role          prefill/decode role
 * @param node          node index
 * @param devices       devices the instance spans
 * @param weightBytes   weight bytes (all ranks) by location: npu, cpu, cxl:N
 * @param notes         facts about the plan a report should repeat
 * @param kvEvictTier   the tier the config evicts KV to ({@code cpu}, {@code cxl:N}), or null
 * @param stageLayers   decoder layers per pipeline stage
 * @param moeProfilePath profile whose MoE table an expert-parallel instance uses (null without EP)
 * @param moeProfile    that profile's contents (null without EP)
 * @param expertRouting expert-routing policy name (null without EP)
 * @param dpGroup       data-parallel group name, or null
 * @param exchange      how MoE tokens reach experts spread over the DP group ({@code all2all_backend})
 * @param pim           the node's PIM memory and this instance's use of it, or null when the node has none
 * @param offDeviceExperts MoE expert weight bytes off the device, by location (part of {@code weightBytes})
 */
public record InstancePlan(String name, ModelConfig model, Parallelism parallelism, String hardware,
                           Path profilePath, Profile profile, EngineSettings engine, int kvBlocks, String kvBlocksFrom,
                           Role role, int node, int devices, java.util.Map<String, Long> weightBytes,
                           java.util.List<String> notes, String kvEvictTier, int[] stageLayers,
                           Path moeProfilePath, Profile moeProfile, String expertRouting,
                           String dpGroup, servesim.simulator.moe.ExpertExchange exchange, PimPlan pim,
                           java.util.Map<String, Long> offDeviceExperts) {
    /** Weight bytes that live off the device, by location. */
    public java.util.Map<String, Long> offDeviceWeights() {
        java.util.Map<String, Long> m = new java.util.TreeMap<>(weightBytes);
        m.remove("npu");
        return m;
    }
}
