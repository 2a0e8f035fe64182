package servesim.profiler.timing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import servesim.profiler.power.PowerMeter;

class TimingHarnessTest {
    private static void spin(long ns) {
        long end = System.nanoTime() + ns;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /** A call that spins 300 us measures about 300 us, single calls per sample. */
    @Test
    void measuresAKnownDuration() {
        TimingHarness h = new TimingHarness(30_000_000, 200_000, 5, 25, 0.25, 2, false, PowerMeter.NONE);
        Measurement m = h.measure(() -> {
            spin(300_000);
            return null;
        });
        assertEquals(300, m.medianUs(), 60);
        assertEquals(1, m.innerReps());
        assertTrue(m.samples() >= 5 && m.p10Us() <= m.medianUs() && m.medianUs() <= m.p90Us());
        assertTrue(Double.isNaN(m.powerW()), "no meter, no power");
    }

    /**
     * A 5 us call is repeated back to back within each sample (aiming at 200 us a sample; the per-call scope
     * bookkeeping, which the profile records as call overhead, is part of each call, and the machine's noise moves
     * the exact count, so only repetition itself is asserted).
     */
    @Test
    void shortCallsAreRepeatedWithinASample() {
        TimingHarness h = new TimingHarness(20_000_000, 200_000, 5, 25, 0.25, 2, false, PowerMeter.NONE);
        Measurement m = h.measure(() -> {
            spin(5_000);
            return null;
        });
        assertTrue(m.innerReps() > 1, "inner reps " + m.innerReps());
        assertTrue(m.medianUs() >= 5 && m.medianUs() < 100, "median " + m.medianUs());
    }
}
