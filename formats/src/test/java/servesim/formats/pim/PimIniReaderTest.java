package servesim.formats.pim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.SharedData;
import servesim.models.InputException;

class PimIniReaderTest {
    /** A small device written for this test: every key the model reads, comments in all their places. */
    static final String INI = """
            # a test device
            [dram_structure]
            protocol = DDR4
            bankgroups = 2
            banks_per_group = 4   ; eight banks
            rows = 65536
            columns = 1024
            device_width = 16
            BL = 8
            pim_type = SINGLE

            [timing]
            tCK = 0.63
            CL = 22
            tRCDRD = 22
            tRP = 22
            tCCD_L = 8
            tRFC = 560
            tREFI = 12480

            [system]
            channel_size = 8192
            channels = 1
            bus_width = 64

            [other]
            data_rate = 3200 # MT/s
            idle_power = 623 # mW
            peak_power = 3803 # mW
            """;

    @Test
    void readsEveryKeyWithCommentsAndTheTrcdAlias(@TempDir Path dir) throws IOException {
        Path f = Files.writeString(dir.resolve("TEST_pim.ini"), INI);
        PimSpec s = PimIniReader.read(f);
        assertEquals("TEST_pim", s.name());
        assertEquals(8, s.banks());
        assertEquals(22, s.trcd());
        assertEquals(0.63, s.tckNs());
        assertEquals(3200, s.dataRateMts());
        assertEquals(623, s.idleMw());
        assertEquals(64, s.busWidth());
    }

    @Test
    void badInputNamesTheFileTheLineAndTheFix(@TempDir Path dir) throws IOException {
        Path missing = Files.writeString(dir.resolve("a.ini"), INI.replace("tCCD_L = 8\n", ""));
        InputException e = assertThrows(InputException.class, () -> PimIniReader.read(missing));
        assertTrue(e.getMessage().contains("a.ini") && e.getMessage().contains("tCCD_L")
                && e.getMessage().contains("Fix:"), e.getMessage());
        Path word = Files.writeString(dir.resolve("b.ini"), INI.replace("CL = 22", "CL = fast"));
        e = assertThrows(InputException.class, () -> PimIniReader.read(word));
        assertTrue(e.getMessage().contains("line 14 (CL in [timing])") && e.getMessage().contains("'fast'"), e.getMessage());
        Path type = Files.writeString(dir.resolve("c.ini"), INI.replace("SINGLE", "QUAD"));
        e = assertThrows(InputException.class, () -> PimIniReader.read(type));
        assertTrue(e.getMessage().contains("pim_type QUAD") && e.getMessage().contains("SINGLE"), e.getMessage());
        Path noEq = Files.writeString(dir.resolve("d.ini"), INI.replace("BL = 8", "BL 8"));
        e = assertThrows(InputException.class, () -> PimIniReader.read(noEq));
        assertTrue(e.getMessage().contains("line 9"), e.getMessage());
        Path refresh = Files.writeString(dir.resolve("e.ini"), INI.replace("tRFC = 560", "tRFC = 20000"));
        e = assertThrows(InputException.class, () -> PimIniReader.read(refresh));
        assertTrue(e.getMessage().contains("tREFI"), e.getMessage());
    }

    @Test
    void keysAreReadWithinTheirSection(@TempDir Path dir) throws IOException {
        Path moved = Files.writeString(dir.resolve("m.ini"), INI.replace("tCCD_L = 8\n", "") + "\n[power]\ntCCD_L = 8\n");
        InputException e = assertThrows(InputException.class, () -> PimIniReader.read(moved));
        assertTrue(e.getMessage().contains("tCCD_L") && e.getMessage().contains("[timing]"), e.getMessage());
        Path twice = Files.writeString(dir.resolve("t.ini"), INI.replace("CL = 22", "CL = 22\nCL = 24"));
        e = assertThrows(InputException.class, () -> PimIniReader.read(twice));
        assertTrue(e.getMessage().contains("already set on line 14"), e.getMessage());
        Path elsewhere = Files.writeString(dir.resolve("x.ini"), INI + "\n[power]\nCL = 99\n");
        assertEquals(PimIniReader.read(Files.writeString(dir.resolve("y.ini"), INI)).cl(),
                PimIniReader.read(elsewhere).cl(), "a key of the same name in another section is another key");
    }

    @Test
    void locatesByNameBesideInPimAndInTheSiblingPimFolder(@TempDir Path dir) throws IOException {
        Path clusters = Files.createDirectories(dir.resolve("clusters"));
        Path cluster = Files.writeString(clusters.resolve("c.json"), "{}");
        Files.createDirectories(dir.resolve("pim"));
        Path sibling = Files.writeString(dir.resolve("pim").resolve("X_pim.ini"), INI);
        assertEquals(sibling.normalize(), PimIniReader.locate("X_pim", cluster, "pim_config"));
        Path beside = Files.writeString(clusters.resolve("X_pim.ini"), INI);
        assertEquals(beside.normalize(), PimIniReader.locate("X_pim", cluster, "pim_config"));
        assertEquals(beside.normalize(), PimIniReader.locate("X_pim.ini", cluster, "pim_config"));
        InputException e = assertThrows(InputException.class,
                () -> PimIniReader.locate("Y_pim", cluster, "nodes[0].cpu_mem.pim_config"));
        assertTrue(e.getMessage().contains("c.json, nodes[0].cpu_mem.pim_config") && e.getMessage().contains(
                "Y_pim.ini") && e.getMessage().contains("pim"), e.getMessage());
    }

    /** The four LLMServingSim PIM devices read, with the values their files give. */
    @Test
    void readsTheLlmServingSimDevices() {
        Path dir = SharedData.require("llmservingsim/pim");
        PimSpec ddr4 = PimIniReader.read(dir.resolve("DDR4_8GB_3200_pim.ini"));
        assertEquals(8, ddr4.banks());
        assertEquals(3803, ddr4.peakMw());
        PimSpec hbm = PimIniReader.read(dir.resolve("HBM2_1GB_2000_pim.ini"));
        assertEquals(14, hbm.trcd()); // tRCDRD
        assertEquals(16, hbm.banks());
        PimSpec lp4 = PimIniReader.read(dir.resolve("LPDDR4X_2GB_4266_pim.ini"));
        assertEquals(0.468, lp4.tckNs());
        assertEquals(16, lp4.burstLength());
        PimSpec lp5 = PimIniReader.read(dir.resolve("LPDDR5_2GB_6400_pim.ini"));
        assertEquals(6400, lp5.dataRateMts());
        assertEquals(2048, lp5.channelMiB());
    }
}
