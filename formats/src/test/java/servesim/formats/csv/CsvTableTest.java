package servesim.formats.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.models.InputException;

/** CSV tables: quoted cells, blank lines, a BOM, and errors that name line and column. */
class CsvTableTest {
    @Test
    void quotedCellsAndBlankLinesAreRead(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("t.csv"), "\uFEFFname,tokens,latency_us\n"
                + "\"attn, prefill\",128,\"12.5\"\n\n  mlp , 64 , 3\n");
        CsvTable t = CsvTable.read(f);
        assertEquals(2, t.size());
        assertEquals("attn, prefill", t.text(0, "name"));
        assertEquals(128, t.integer(0, "tokens"));
        assertEquals(12.5, t.number(0, "latency_us"));
        assertEquals("mlp", t.text(1, "name"));
        assertEquals(4, t.line(1), "blank line 3 skipped, the row is line 4");
    }

    @Test
    void errorsNameLineAndColumn(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("t.csv"), "a,b\n1,2\n3,x\n4\n");
        InputException wrongWidth = assertThrows(InputException.class, () -> CsvTable.read(f));
        assertTrue(wrongWidth.getMessage().contains("line 4"), wrongWidth.getMessage());
        Path g = Files.writeString(dir.resolve("g.csv"), "a,b\n1,2\n3,x\n");
        InputException badCell = assertThrows(InputException.class, () -> CsvTable.read(g).number(1, "b"));
        assertTrue(badCell.getMessage().contains("line 3, column 'b'"), badCell.getMessage());
        assertThrows(InputException.class, () -> CsvTable.read(g).requireColumns("c"));
    }
}
