package servesim.formats.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import servesim.models.InputException;

/**
 * One NVIDIA AIConfigurator system description ({@code systems/<system>.yaml}: {@code gpu.mem_bw} in B/s,
 * {@code gpu.*_tc_flops} in FLOP/s dense, {@code gpu.mem_capacity} in bytes, {@code gpu.power} in W,
 * {@code node.intra_node_bw}/{@code inter_node_bw}/{@code pcie_bw} in B/s per GPU and direction) as a servesim
 * device, so a cluster naming {@code H100-SXM} takes AIConfigurator's figures without hand copying.
 *
 * @param system               AIConfigurator's system id ({@code h100_sxm})
 * @param device               the system as a servesim device (named as servesim's catalog and LLMServingSim
 *                             configs name it; the system id is an alias)
 * @param memEfficiency        {@code gpu.mem_bw_empirical_scaling_factor}: the share of {@code mem_bw} a memory-bound
 *                             kernel reaches in AIConfigurator's analytic memory operations
 * @param memConstantUs        {@code gpu.mem_empirical_constant_latency} in microseconds (a kernel's fixed cost)
 * @param gpusPerNode          {@code node.num_gpus_per_node}
 * @param ncclVersion          {@code misc.nccl_version}: the NCCL table AIConfigurator loads for this system
 * @param otherMemGiB          {@code misc.other_mem} in GiB: memory AIConfigurator keeps aside besides weights, KV
 *                             cache and NCCL buffers (CUDA context, activations)
 * @param dataDir              {@code data_dir}, relative to the systems folder
 */
public record AicSystemFile(String system, DeviceSpec device, double memEfficiency, double memConstantUs,
                            int gpusPerNode, String ncclVersion,
                            double otherMemGiB, String dataDir) {

    /** servesim's names for AIConfigurator's systems (the names its catalog and LLMServingSim configs use). */
    private static final Map<String, String> NAMES = Map.of(
            "h100_sxm", "H100-SXM",
            "h200_sxm", "H200",
            "b200_sxm", "B200",
            "gb200", "GB200",
            "rtx_pro_6000_server", "RTXPRO6000",
            "a100_sxm", "A100-80G");

    /** servesim's device name for an AIConfigurator system id (the id upper-cased when servesim has no name). */
    public static String deviceName(String system) {
        return NAMES.getOrDefault(system, system.toUpperCase(Locale.ROOT).replace('_', '-'));
    }

    /** Whether {@code path} looks like AIConfigurator systems (a {@code .yaml}/{@code .yml} file or a folder). */
    public static boolean isAicPath(Path path) {
        String n = path.getFileName() == null ? "" : path.getFileName().toString();
        return Files.isDirectory(path) || n.endsWith(".yaml") || n.endsWith(".yml");
    }

    /** Every system YAML in {@code dir} (or the one file), as devices over {@code base}'s figures. */
    public static List<AicSystemFile> readAll(Path path, DeviceCatalog base) {
        if (!Files.isDirectory(path)) {
            return List.of(read(path, base));
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(path)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new InputException(path, null, "not readable (" + e.getMessage() + ").", "check the folder.");
        }
        List<AicSystemFile> out = new ArrayList<>();
        for (Path f : files) {
            if (isSystem(f)) {
                out.add(read(f, base));
            }
        }
        if (out.isEmpty()) {
            throw new InputException(path, null, "holds no AIConfigurator system YAML (with gpu.mem_bw).",
                    "point at AIConfigurator's systems/ folder or one systems/<system>.yaml.");
        }
        return out;
    }

    private static boolean isSystem(Path f) {
        try {
            return yaml().readTree(f.toFile()).path("gpu").has("mem_bw");
        } catch (IOException e) {
            return false;
        }
    }

    /** The system in {@code file}, its figures over {@code base}'s entry of the same name where one exists. */
    public static AicSystemFile read(Path file, DeviceCatalog base) {
        JsonNode root;
        try {
            root = yaml().readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file, null, "not readable YAML (" + e.getMessage().split("\n")[0] + ").",
                    "point at an AIConfigurator systems/<system>.yaml.");
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file, null, "empty or not a mapping.", "point at a systems/<system>.yaml.");
        }
        String system = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        JsonNode gpu = root.path("gpu");
        JsonNode node = root.path("node");
        double memBw = positive(file, gpu, "gpu.mem_bw");
        double bf16 = positive(file, gpu, "gpu.bfloat16_tc_flops");
        double memBytes = positive(file, gpu, "gpu.mem_capacity");
        double fp8 = gpu.has("fp8_tc_flops") ? gpu.get("fp8_tc_flops").asDouble() / 1e12 : Double.NaN;
        String name = deviceName(system);
        DeviceSpec known = base == null ? null : base.find(name);
        List<String> aliases = new ArrayList<>(known == null ? List.of() : known.aliases());
        if (!aliases.contains(system)) {
            aliases.add(system);
        }
        String commit = AicSource.commitNear(file);
        DeviceSpec d = new DeviceSpec(name, List.copyOf(aliases), "gpu", bf16 / 1e12, bf16 / 1e12, fp8,
                known == null ? Double.NaN : known.fp32Tflops(), memBw / 1e9, memBytes / (1L << 30),
                node.has("intra_node_bw") ? node.get("intra_node_bw").asDouble() / 1e9
                        : known == null ? Double.NaN : known.interconnectGBs(),
                known == null ? "intra-node" : known.interconnect(),
                node.has("inter_node_bw") ? node.get("inter_node_bw").asDouble() / 1e9
                        : known == null ? Double.NaN : known.interNodeGBs(),
                node.has("pcie_bw") ? node.get("pcie_bw").asDouble() / 1e9
                        : known == null ? Double.NaN : known.pcieGBs(),
                gpu.has("power") ? gpu.get("power").asDouble() : known == null ? Double.NaN : known.tdpWatts(),
                "AIConfigurator systems/" + file.getFileName() + (commit == null ? "" : " @" + commit.substring(0, 12)),
                known == null ? null : known.collectives(), known == null ? Double.NaN : known.pricePerHourUsd());
        return new AicSystemFile(system, d, gpu.path("mem_bw_empirical_scaling_factor").asDouble(0.8),
                gpu.path("mem_empirical_constant_latency").asDouble(3e-6) * 1e6,
                node.path("num_gpus_per_node").asInt(1), root.path("misc").path("nccl_version").asText(null),
                root.path("misc").path("other_mem").asDouble(0) / (1L << 30), root.path("data_dir").asText("data/" + system));
    }

    private static double positive(Path file, JsonNode parent, String field) {
        JsonNode v = parent.get(field.substring(field.indexOf('.') + 1));
        if (v == null || !v.isNumber() || !(v.asDouble() > 0)) {
            throw new InputException(file, field, "missing or not a positive number.",
                    "give the figure as AIConfigurator's system files do (B/s, FLOP/s, bytes).");
        }
        return v.asDouble();
    }

    private static ObjectMapper yaml() {
        return new ObjectMapper(new YAMLFactory());
    }
}
