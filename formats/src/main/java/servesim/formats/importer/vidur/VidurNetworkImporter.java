package servesim.formats.importer.vidur;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import servesim.formats.csv.CsvTable;
import servesim.formats.profile.LatencyStats;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileMetadata;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;
import servesim.models.InputException;

/**
 * Converts Vidur's collective profiles ({@code all_reduce.csv}, {@code send_recv.csv}: times in milliseconds by
 * message {@code size} in bytes, per {@code num_workers} and {@code devices_per_node}) into servesim collective
 * profiles, one per worker count: {@code allreduce} rows from the all-reduce table and {@code send_recv} rows from the
 * point-to-point table, for the workers placed on one node ({@code devices_per_node == num_workers}), which is
 * how an instance's TP group sits. Every such CSV row becomes a row (Vidur repeats some sizes; lookups average them).
 * The collective profile's model is {@code *}: collectives do not depend on the model.
 */
public final class VidurNetworkImporter {
    public static final String SOURCE = "import:vidur";

    private VidurNetworkImporter() {
    }

    /** Worker count to profile, from the CSVs in {@code dir}, labelled with {@code device}. */
    public static Map<Integer, Profile> importDir(Path dir, String device) {
        Map<Integer, List<ProfileRow>> byWorkers = new TreeMap<>();
        boolean any = false;
        for (String[] t : new String[][] {{"all_reduce.csv", "all_reduce", "allreduce"},
            {"send_recv.csv", "send_recv", "send_recv"}}) {
            Path f = dir.resolve(t[0]);
            if (Files.isRegularFile(f)) {
                any = true;
                read(CsvTable.read(f).nonEmpty(), t[1], t[2], byWorkers);
            }
        }
        if (!any) {
            throw new InputException(dir, null, "no Vidur collective table (all_reduce.csv, send_recv.csv) here.",
                    "pass the folder holding them, e.g. vidur/network/h100_dgx.");
        }
        Map<Integer, Profile> out = new TreeMap<>();
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        byWorkers.forEach((n, rows) -> out.put(n, new Profile(new ProfileMetadata(device, "gpu", "*", "bf16", "bf16", n,
                SOURCE, "vidur", "Vidur network profile " + dir.getFileName(), now, false,
                Map.of("vidur.scope", "devices_per_node == num_workers")), rows)));
        return out;
    }

    private static void read(CsvTable t, String name, String op, Map<Integer, List<ProfileRow>> byWorkers) {
        String p = "time_stats." + name + ".";
        t.requireColumns(p + "min", p + "max", p + "mean", p + "median", p + "std", "num_workers", "size",
                "devices_per_node");
        for (int i = 0; i < t.size(); i++) {
            long workers = t.integer(i, "num_workers", 1, 1 << 20);
            if (t.integer(i, "devices_per_node") != workers) {
                continue;
            }
            LatencyStats s = new LatencyStats(t.nonNegative(i, p + "median") * 1e3, t.nonNegative(i, p + "mean") * 1e3,
                    t.nonNegative(i, p + "std") * 1e3, null, null, null);
            byWorkers.computeIfAbsent((int) workers, k -> new ArrayList<>())
                    .add(ProfileRow.of(op, RowKeys.bytes(t.integer(i, "size", 0, Long.MAX_VALUE)), s));
        }
    }
}
