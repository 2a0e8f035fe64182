package servesim.profiler.power;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaplPowerMeterTest {
    @TempDir
    Path root;

    @Test
    void absentCountersGiveNoMeter() {
        assertSame(PowerMeter.NONE, RaplPowerMeter.detect(root.resolve("none")));
        assertFalse(PowerMeter.NONE.available());
    }

    /** Two packages; the second wraps around its 1,000,000 uJ range between readings. */
    @Test
    void sumsPackagesAndHandlesWrapAround() throws IOException {
        Path p0 = Files.createDirectories(root.resolve("intel-rapl:0"));
        Path p1 = Files.createDirectories(root.resolve("intel-rapl:1"));
        Files.writeString(p0.resolve("energy_uj"), "1000\n");
        Files.writeString(p0.resolve("max_energy_range_uj"), "1000000\n");
        Files.writeString(p1.resolve("energy_uj"), "999000\n");
        Files.writeString(p1.resolve("max_energy_range_uj"), "1000000\n");
        PowerMeter m = RaplPowerMeter.detect(root);
        assertTrue(m.available());
        double e0 = m.energyMicrojoules();
        Files.writeString(p0.resolve("energy_uj"), "6000\n");
        Files.writeString(p1.resolve("energy_uj"), "2000\n"); // wrapped: +3000
        assertEquals(8000, m.energyMicrojoules() - e0, 1e-9);
    }
}
