package servesim.formats.results;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** requests.arrow has requests.csv's columns in its order, and nulls where the CSV writes -1 or nothing. */
class RequestsArrowTest {
    @Test
    void sameColumnsAsTheCsvWithNullsForAbsentValues(@TempDir Path dir) throws Exception {
        List<RequestRecord> rows = List.of(
                new RequestRecord(0, 0, 1_000, 1_500, 2_000, 52_000_000, 252_000_000, 100, 11, 0, 32, -1, -1),
                new RequestRecord(1, 2, 3_000, 3_000, 4_000, 9_004_000, 9_004_000, 64, 1, 1, -1, 1, 8_000_000));
        ResultWriters.requestsCsv(rows, dir.resolve("r.csv"));
        ResultWriters.requestsArrow(rows, dir.resolve("r.arrow"));
        List<String> csv = Files.readAllLines(dir.resolve("r.csv"));
        String[] header = csv.get(0).split(",");
        try (var alloc = new RootAllocator();
             var ch = FileChannel.open(dir.resolve("r.arrow"), StandardOpenOption.READ);
             var reader = new ArrowFileReader(ch, alloc)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertEquals(List.of(header), root.getSchema().getFields().stream().map(Field::getName).toList());
            assertTrue(reader.loadNextBatch());
            assertEquals(2, root.getRowCount());
            for (int r = 0; r < rows.size(); r++) {
                String[] cells = csv.get(r + 1).split(",", -1);
                for (int c = 0; c < header.length; c++) {
                    var v = root.getVector(c);
                    String cell = cells[c];
                    if (cell.isEmpty() || cell.equals("-1")) {
                        assertTrue(v.isNull(r), header[c] + " of row " + r + " is null, not " + v.getObject(r));
                    } else {
                        assertFalse(v.isNull(r), header[c]);
                        assertEquals(Double.parseDouble(cell), ((Number) v.getObject(r)).doubleValue(), 1e-6,
                                header[c] + " of row " + r);
                    }
                }
            }
        }
    }
}
