package servesim.aiconfigurator;

import java.nio.file.Path;
import java.util.TreeSet;
import servesim.models.InputException;

/**
 * Which measured query-head count answers a rank's head shape: its own where the table has it; else the nearest
 * measured count with the same KV heads and head size, scaled by the head ratio (attention work is linear in the
 * query heads), which marks the points estimated.
 */
final class HeadChoice {
    private HeadChoice() {
    }

    static int nearest(ParquetSource.Table t, int heads, Path file, String what, int kvHeads, int headDim,
                       String kvDtype) {
        TreeSet<Long> measured = new TreeSet<>();
        int col = t.col("num_heads");
        t.rows().forEach(r -> measured.add((Long) r[col]));
        if (measured.isEmpty()) {
            throw new InputException(file, null, "no " + what + " rows for " + kvHeads + " KV heads of size "
                    + headDim + " with " + kvDtype + " KV cache on this system.", "choose a TP degree (or KV dtype) "
                    + "whose per-rank head shape the system measured.");
        }
        if (measured.contains((long) heads)) {
            return heads;
        }
        Long lo = measured.floor((long) heads);
        Long hi = measured.ceiling((long) heads);
        long pick = lo == null ? hi : hi == null ? lo : (heads - lo <= hi - heads ? lo : hi);
        return (int) pick;
    }
}
