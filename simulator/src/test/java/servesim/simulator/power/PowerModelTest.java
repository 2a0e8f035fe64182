package servesim.simulator.power;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import servesim.formats.cluster.PowerSpec;
import servesim.simulator.TestProfiles;
import servesim.simulator.instance.Instance;

class PowerModelTest {
    static final PowerSpec SPEC = new PowerSpec(60, Map.of("GPU", new PowerSpec.NpuPower(35, 300, 600, 0.5)), 10, 200,
            0.15, 32, 2.0, 6.0, 1, 5, 4.0, 1, 20, 2, 5);

    /**
     * One device over 4 s: idle until 1 s, active 1-2 s, standby 0.5 s, idle again.
     * NPU: 35 x 1 + 600 x 1 + 300 x 0.5 + 35 x 1.5 = 837.5 J; 1 GB over the link at 4 pJ/bit = 0.032 J.
     * Constant: base 60, CPU 10 + 0.15 x 190 = 38.5, DRAM 64 GiB / 32 = 2 DIMMs x 2 = 4, link 5, NIC 20,
     * storage 2 x 5 = 10: 137.5 W x 4 s = 550 J. While the device computes (1 s) the CPU runs at 70%
     * utilisation: (0.7 - 0.15) x 190 = 104.5 J more.
     */
    @Test
    void integratesStatesByHand() {
        Instance gpu = TestProfiles.instance(TestProfiles.flat(), 16, 16, 4, 64, false);
        PowerModel m = new PowerModel(Map.of(0, SPEC), List.of(gpu), Map.of(0, "GPU"), Map.of(0, 64.0), 1,
                1_000_000_000L);
        m.stepStarted(gpu, 1_000_000_000L, Double.NaN);
        m.stepEnded(gpu, 2_000_000_000L, 1_000_000_000L);
        PowerModel.EnergyReport r = finish(m, 4_000_000_000L, 100);
        assertEquals(837.5, r.joules(0, "npu"), 1e-9);
        assertEquals(0.032, r.joules(0, "link") - 5 * 4, 1e-9);
        assertEquals(38.5 * 4 + 104.5, r.joules(0, "cpu"), 1e-9);
        assertEquals(837.5 + 0.032 + 550 + 104.5, r.totalJoules(), 1e-9);
        assertEquals(r.totalJoules() / 100, r.joulesPerOutputToken(), 1e-12);
        // the power series integrates back to the totals exactly
        double series = 0;
        for (int t = 0; t < r.ledger().tickCount(); t++) {
            for (int c = 0; c < PowerModel.COMPONENTS.size(); c++) {
                series += r.ledger().energy(t, c);
            }
        }
        assertEquals(r.totalJoules(), series, 1e-9);
        // tick 2 (1-2 s): the device is active all of it
        assertEquals(600, r.ledger().energy(1, 1), 1e-9);
    }

    /** A profile that measured 450 W for the step overrides the config's 600 W active power. */
    @Test
    void measuredPowerOverridesActivePower() {
        Instance gpu = TestProfiles.instance(TestProfiles.flat(), 16, 16, 4, 64, false);
        PowerModel m = new PowerModel(Map.of(0, SPEC), List.of(gpu), Map.of(0, "GPU"), Map.of(0, 64.0), 1,
                1_000_000_000L);
        m.stepStarted(gpu, 0, 450);
        m.stepEnded(gpu, 1_000_000_000L, 0);
        assertEquals(450, finish(m, 1_000_000_000L, 1).joules(0, "npu"), 1e-9);
    }

    /** A step starting during standby ends the standby: no standby energy is charged for the overlap. */
    @Test
    void newStepCutsStandbyShort() {
        Instance gpu = TestProfiles.instance(TestProfiles.flat(), 16, 16, 4, 64, false);
        PowerModel m = new PowerModel(Map.of(0, SPEC), List.of(gpu), Map.of(0, "GPU"), Map.of(0, 64.0), 1,
                1_000_000_000L);
        m.stepStarted(gpu, 0, Double.NaN);
        m.stepEnded(gpu, 100_000_000L, 0);
        m.stepStarted(gpu, 200_000_000L, Double.NaN);
        m.stepEnded(gpu, 300_000_000L, 0);
        PowerModel.EnergyReport r = finish(m, 300_000_000L, 1);
        // 0.2 s active x 600 + 0.1 s standby x 300
        assertEquals(120 + 30, r.joules(0, "npu"), 1e-9);
    }

    /**
     * A node whose host memory is 64 PIM channels (0.623 W idle, 3.803 W computing): over 4 s the channels draw
     * 64 x 0.623 x 4 = 159.488 J idle in place of the DIMMs' idle power, and 10 channel-seconds of computing between
     * 1 s and 2 s add 10 x (3.803 - 0.623) = 31.8 J, all within that second.
     */
    @Test
    void pimChannelsReplaceDimmIdleAndChargeTheirComputing() {
        Instance gpu = TestProfiles.instance(TestProfiles.flat(), 16, 16, 4, 64, false);
        PowerModel m = new PowerModel(Map.of(0, SPEC), List.of(gpu), Map.of(0, "GPU"), Map.of(0, 512.0), 1,
                1_000_000_000L);
        m.attachPim(0, 64, 0.623, 3.803);
        m.pimActive(gpu, 1_000_000_000L, 2_000_000_000L, 10e9);
        PowerModel.EnergyReport r = finish(m, 4_000_000_000L, 1);
        assertEquals(159.488 + 31.8, r.joules(0, "pim"), 1e-9);
        assertEquals(0, r.joules(0, "dram"), 1e-12);
        assertEquals(64 * 0.623 + 31.8, r.ledger().energy(1, PowerModel.COMPONENTS.indexOf("pim")), 1e-9);
        assertEquals(64 * 0.623, r.ledger().energy(2, PowerModel.COMPONENTS.indexOf("pim")), 1e-9);
    }

    private static PowerModel.EnergyReport finish(PowerModel m, long endNs, long outputTokens) {
        m.finish(endNs);
        return m.report(outputTokens);
    }
}
