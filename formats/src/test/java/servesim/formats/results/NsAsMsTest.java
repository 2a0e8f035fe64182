package servesim.formats.results;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** requests.csv's fast millisecond formatting prints exactly what {@code String.format("%.6f")} prints. */
class NsAsMsTest {
    @Test
    void sameDigitsAsTheFormatter() {
        SplittableRandom rnd = new SplittableRandom(7);
        long[] edges = {0, 1, 9, 10, 999_999, 1_000_000, 1_000_001, 123_456_789, 999_999_999_999_999L,
            1_000_000_000_000_000L, Long.MAX_VALUE, -1, -1_500_000, 86_400_000_000_000L};
        for (long ns : edges) {
            check(ns);
        }
        for (int i = 0; i < 200_000; i++) {
            int digits = 1 + rnd.nextInt(17);
            check(rnd.nextLong((long) Math.pow(10, digits)));
        }
    }

    @Test
    void tpotDigitsAsTheFormatter() {
        SplittableRandom rnd = new SplittableRandom(11);
        double[] edges = {0, 0.0000005, 0.0000015, 0.0000025, 1e-7, 1e-3, 0.5, 9.9999995, 99.9999995, 1e7, 1.5e-7,
            123.4567885, 5e-324, Double.MIN_NORMAL, 1e300, Double.MAX_VALUE, -0.0, -2.5e-6};
        for (double ms : edges) {
            checkMs(ms);
        }
        for (int i = 0; i < 200_000; i++) {
            long d = rnd.nextLong(1L << (1 + rnd.nextInt(50)));
            int k = 1 + rnd.nextInt(1 << rnd.nextInt(20));
            checkMs(d / (double) k / 1e6);
            checkMs(rnd.nextDouble() * Math.pow(10, rnd.nextInt(16) - 8));
        }
    }

    private static void checkMs(double ms) {
        StringBuilder b = new StringBuilder();
        ResultWriters.msSixDecimals(b, ms);
        assertEquals(String.format(Locale.ROOT, "%.6f", ms), b.toString(), "ms " + ms);
    }

    private static void check(long ns) {
        StringBuilder b = new StringBuilder();
        ResultWriters.nsAsMs(b, ns);
        assertEquals(String.format(Locale.ROOT, "%.6f", ns / 1e6), b.toString(), "ns " + ns);
    }
}
