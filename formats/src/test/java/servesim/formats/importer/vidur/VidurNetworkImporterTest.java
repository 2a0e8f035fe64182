package servesim.formats.importer.vidur;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.SharedData;
import servesim.formats.csv.CsvTable;
import servesim.formats.profile.Profile;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.InputException;
import servesim.models.OpKey;
import servesim.models.Operator;

class VidurNetworkImporterTest {
    @Test
    void everyIntraNodeRowBecomesARowInMicroseconds() {
        Path dir = SharedData.require("vidur/network/h100_dgx");
        Map<Integer, Profile> p = VidurNetworkImporter.importDir(dir, "H100-DGX");
        assertEquals(java.util.Set.of(2, 4, 8), p.keySet());
        // all_reduce: 994 rows per worker count; send_recv: 994 rows with 2 workers on one node
        assertEquals(994 + 994, p.get(2).rows().size());
        assertEquals(994, p.get(8).rows().size());
        CsvTable t = CsvTable.read(dir.resolve("all_reduce.csv"));
        // first row: 8 workers? no: rows are grouped by worker count; check the first 2-worker row
        int i = 0;
        while (t.integer(i, "num_workers") != 2) {
            i++;
        }
        assertEquals(t.number(i, "time_stats.all_reduce.median") * 1e3, p.get(2).rows().get(0).latency().medianUs(),
                1e-9);
        assertEquals(t.integer(i, "size"), p.get(2).rows().get(0).keys().bytes());
        ProfileLookup l = ProfileLookup.compile(p.get(8), "tp8", new LookupWarnings(m -> { }));
        assertTrue(l.latencyUs(Operator.ALLREDUCE, OpKey.bytes(1 << 20)) > 0);
    }

    @Test
    void aFolderWithoutTablesIsAClearError(@TempDir Path empty) {
        InputException e = assertThrows(InputException.class, () -> VidurNetworkImporter.importDir(empty, "X"));
        assertTrue(e.getMessage().contains("all_reduce.csv"), e.getMessage());
    }
}
