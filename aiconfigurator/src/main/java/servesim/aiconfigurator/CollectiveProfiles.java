package servesim.aiconfigurator;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import servesim.formats.profile.LatencyStats;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileMetadata;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;

/**
 * Collective profiles ({@code tp<N>.arrow} per GPU count, keyed by message bytes) from AIConfigurator's
 * communication tables, chosen as AIConfigurator chooses: a TP all-reduce from vLLM's custom all-reduce table
 * (CUDA-graph rows; {@code *_eager} rows are dropped) where it has the GPU count, else from NCCL's; all-gather,
 * reduce-scatter and all-to-all from the NCCL table the system pins ({@code misc.nccl_version}), fp16 rows. Both
 * tables give {@code message_size} in elements; at 2 bytes per element it becomes {@code bytes}. Where a table
 * holds a size twice, the first row is kept.
 */
final class CollectiveProfiles {
    private static final Map<String, String> NCCL_OPS = Map.of("all_reduce", "allreduce", "all_gather", "allgather",
            "reduce_scatter", "reducescatter", "alltoall", "alltoall");

    private CollectiveProfiles() {
    }

    static Map<Integer, Profile> build(ParquetSource src, AicDatabase db, List<String> report) {
        Path custom = db.table("comm", "custom_allreduce_perf");
        Path nccl = db.ncclTable();
        TreeMap<Integer, Map<String, TreeMap<Long, Double>>> byGpus = new TreeMap<>();
        ParquetSource.Table n = src.select(nccl, List.of("op_name", "num_gpus", "message_size", "latency"),
                "nccl_dtype = 'half'");
        for (Object[] r : ParquetSource.firstPerKey(n, List.of("op_name", "num_gpus", "message_size"))) {
            String op = NCCL_OPS.get((String) r[0]);
            if (op != null) {
                byGpus.computeIfAbsent(((Long) r[1]).intValue(), g -> new TreeMap<>())
                        .computeIfAbsent(op, o -> new TreeMap<>()).put((Long) r[2] * 2, (Double) r[3] * 1000.0);
            }
        }
        ParquetSource.Table c = src.select(custom, List.of("num_gpus", "message_size", "latency"),
                "backend = 'vllm_graph'");
        TreeSet<Integer> customGpus = new TreeSet<>();
        Map<Integer, TreeMap<Long, Double>> customRows = new TreeMap<>();
        for (Object[] r : ParquetSource.firstPerKey(c, List.of("num_gpus", "message_size"))) {
            int g = ((Long) r[0]).intValue();
            customGpus.add(g);
            customRows.computeIfAbsent(g, x -> new TreeMap<>()).put((Long) r[1] * 2, (Double) r[2] * 1000.0);
        }
        customRows.forEach((g, rows) -> byGpus.computeIfAbsent(g, x -> new TreeMap<>()).put("allreduce", rows));
        Map<Integer, Profile> out = new TreeMap<>();
        byGpus.forEach((gpus, ops) -> {
            List<ProfileRow> rows = new ArrayList<>();
            ops.forEach((op, points) -> points.forEach((bytes, us) -> rows.add(new ProfileRow(op, RowKeys.bytes(bytes),
                    LatencyStats.single(us), null, null, Provenance.MEASURED.label, null))));
            Map<String, String> extra = new LinkedHashMap<>();
            extra.put("aiconfigurator.system", db.spec().system());
            extra.put("aiconfigurator.source_commit", db.sourceCommit());
            extra.put("aiconfigurator.tables", db.resolvedTables().toString());
            String ar = customGpus.contains(gpus) ? "vLLM custom all-reduce (CUDA graph)" : "NCCL all_reduce";
            extra.put("aiconfigurator.allreduce", ar);
            out.put(gpus, new Profile(new ProfileMetadata(db.spec().device().name(), "gpu", "*", "bf16", "bf16", gpus,
                    AicImporter.SOURCE, AicImporter.VERSION, "AIConfigurator " + db.spec().system() + " "
                    + db.framework() + " " + db.version(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    false, extra), rows));
            report.add(String.format(java.util.Locale.ROOT, "collectives tp%d: allreduce from %s; %s from NCCL (%d "
                    + "rows, measured)", gpus, ar, String.join(", ", ops.keySet().stream()
                            .filter(o -> !o.equals("allreduce")).toList()), rows.size()));
        });
        return out;
    }
}
