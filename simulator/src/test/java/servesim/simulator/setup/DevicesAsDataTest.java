package servesim.simulator.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.scenario.Scenario;
import servesim.formats.workload.SyntheticWorkload;
import servesim.models.InputException;

/**
 * A device nobody here has: described in a user device file, its memory taken from it when the cluster gives none,
 * its profile estimated from its figures when none exists, its price overridable per run.
 */
class DevicesAsDataTest {
    private static final SyntheticWorkload W = new SyntheticWorkload(30, 5, 200, 0.5, 2000, 50, 0.5, 200, 3);

    private static Path cluster(Path dir, String hardware, String npuMem) throws IOException {
        return Files.writeString(dir.resolve("c.json"), "{\"num_nodes\": 1, \"link_bw\": 64, \"link_latency\": 0, "
                + "\"nodes\": [{\"instances\": [{\"model_name\": \"meta-llama/Llama-3.1-8B\", \"hardware\": \""
                + hardware + "\"" + npuMem + ", \"tp_size\": 1}]}]}");
    }

    @Test
    void aUserDeviceRunsFromItsFiguresAlone(@TempDir Path dir) throws IOException {
        Path devices = Files.writeString(dir.resolve("d.json"), "{\"devices\": [{\"name\": \"X1000\", "
                + "\"bf16_tflops\": 800, \"fp32_tflops\": 60, \"mem_bw_gbs\": 4000, \"mem_gb\": 128, \"interconnect_gbs\": 200, "
                + "\"price_per_hour_usd\": 2.2}]}");
        Scenario s = Scenario.builder(cluster(dir, "X1000", "")).synthetic(W).deviceFile(devices)
                .estimatesDir(dir.resolve("est")).outputDir(dir.resolve("out")).build();
        ScenarioRunner.Run run = ScenarioRunner.run(s, new LookupWarnings(m -> { }));
        assertEquals(30, run.result().requests().size());
        InstancePlan p = run.plans().get(0);
        assertEquals("X1000", p.device().name());
        assertEquals(2.2, p.device().pricePerHourUsd());
        assertTrue(p.notes().stream().anyMatch(n -> n.contains("128.0 GiB from the device catalog")), p.notes()
                .toString());
        assertTrue(p.profile().path().startsWith(dir.resolve("est")), p.profile().path().toString());
        assertTrue(p.profile().data().metadata().estimate());
        assertTrue(run.estimate());
        // a second run reuses the estimate
        ScenarioRunner.Run again = ScenarioRunner.run(s.toBuilder().prices(Map.of("X1000", 1.0)).build(),
                new LookupWarnings(m -> { }));
        assertEquals(p.profile().path(), again.plans().get(0).profile().path());
        assertEquals(1.0, again.plans().get(0).device().pricePerHourUsd());
        assertEquals(run.result().summary().tpotMs().mean(), again.result().summary().tpotMs().mean());
    }

    @Test
    void missingFiguresAndProfilesFailNamingTheFix(@TempDir Path dir) throws IOException {
        Scenario unknown = Scenario.builder(cluster(dir, "Y9", "")).synthetic(W).outputDir(dir).build();
        InputException e = assertThrows(InputException.class, () -> ScenarioRunner.run(unknown,
                new LookupWarnings(m -> { })));
        assertTrue(e.getMessage().contains("npu_mem.mem_size") && e.getMessage().contains("--device-file"),
                e.getMessage());
        Scenario noProfile = Scenario.builder(cluster(dir, "H200", "")).synthetic(W).profileRoots(List.of(dir))
                .outputDir(dir).build();
        e = assertThrows(InputException.class, () -> ScenarioRunner.run(noProfile, new LookupWarnings(m -> { })));
        assertTrue(e.getMessage().contains("estimate_missing_profiles"), e.getMessage());
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"devices\": [{\"name\": \"Z\", \"bf16_tflops\": 1}]}");
        e = assertThrows(InputException.class, () -> ScenarioRunner.run(noProfile.toBuilder().deviceFile(bad).build(),
                new LookupWarnings(m -> { })));
        assertTrue(e.getMessage().contains("bad.json") && e.getMessage().contains("fp32_tflops"), e.getMessage());
    }
}
