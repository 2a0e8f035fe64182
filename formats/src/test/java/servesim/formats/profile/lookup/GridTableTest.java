package servesim.formats.profile.lookup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GridTableTest {
    private final List<String> warned = new ArrayList<>();
    private final LookupWarnings warnings = new LookupWarnings(warned::add);

    private static GridTable oneD(long[] xs, double[] ys) {
        List<long[]> pts = new ArrayList<>();
        for (long x : xs) {
            pts.add(new long[] {x});
        }
        return new GridTable("op", new String[] {"tokens"}, pts, ys);
    }

    @Test
    void exactAtGridPointsLinearBetween() {
        GridTable t = oneD(new long[] {1, 2, 4, 8}, new double[] {10, 12, 20, 40});
        assertEquals(10, t.lookup(new double[] {1}, warnings));
        assertEquals(20, t.lookup(new double[] {4}, warnings));
        // 6 lies halfway between 4 (20) and 8 (40)
        assertEquals(30, t.lookup(new double[] {6}, warnings), 1e-12);
        assertEquals(11, t.lookup(new double[] {1.5}, warnings), 1e-12);
        assertTrue(warned.isEmpty());
    }

    @Test
    void beyondGridExtrapolatesWithOneWarning() {
        GridTable t = oneD(new long[] {1, 2, 4, 8}, new double[] {10, 12, 20, 40});
        // last segment slope (40-20)/4 = 5 per token: 16 -> 40 + 8*5 = 80
        assertEquals(80, t.lookup(new double[] {16}, warnings), 1e-9);
        assertEquals(120, t.lookup(new double[] {24}, warnings), 1e-9);
        assertEquals(1, warned.size(), warned.toString());
        assertTrue(warned.get(0).contains("beyond the profile's largest point 8"), warned.get(0));
    }

    @Test
    void belowGridHoldsFlatWithOneWarning() {
        GridTable t = oneD(new long[] {16, 32}, new double[] {5, 9});
        assertEquals(5, t.lookup(new double[] {3}, warnings));
        assertEquals(5, t.lookup(new double[] {1}, warnings));
        assertEquals(1, warned.size());
        assertTrue(warned.get(0).contains("below the profile's smallest point 16"));
    }

    @Test
    void bilinearByHand() {
        // f(x, y) = 1 + 2x + 3y + xy on x in {0, 10}, y in {0, 4}
        List<long[]> pts = List.of(new long[] {0, 0}, new long[] {0, 4}, new long[] {10, 0}, new long[] {10, 4});
        GridTable t = new GridTable("moe", new String[] {"tokens", "active_experts"}, pts,
                new double[] {1, 13, 21, 73});
        // bilinear reproduces f exactly: f(5, 2) = 1 + 10 + 6 + 10 = 27
        assertEquals(27, t.lookup(new double[] {5, 2}, warnings), 1e-12);
    }

    @Test
    void holesAreFilledAlongAxesAndCounted() {
        // 3x3 grid f = x + 10y, missing the centre and one corner
        List<long[]> pts = new ArrayList<>();
        List<Double> v = new ArrayList<>();
        for (long x = 0; x < 3; x++) {
            for (long y = 0; y < 3; y++) {
                if ((x == 1 && y == 1) || (x == 2 && y == 2)) {
                    continue;
                }
                pts.add(new long[] {x, y});
                v.add((double) x + 10 * y);
            }
        }
        GridTable t = new GridTable("g", new String[] {"a", "b"}, pts, AttentionTable.unbox(v));
        assertEquals(11, t.lookup(new double[] {1, 1}, warnings), 1e-12);
        assertEquals(1, t.interpolatedFills());
        assertEquals(1, t.extrapolatedFills());
        // (2,2) extrapolated upward along a: from (0,2)=20, (1,2)=21 -> 22
        assertEquals(22, t.lookup(new double[] {2, 2}, warnings), 1e-12);
        assertTrue(warned.stream().anyMatch(w -> w.contains("did not measure")), warned.toString());
    }

    @Test
    void duplicatesAveragedNegativeLatenciesRejected() {
        GridTable t = oneD(new long[] {1, 1, 4}, new double[] {1, 2, 4});
        assertEquals(1.5, t.lookup(new double[] {1}, warnings), 1e-12);
        assertEquals(1, t.mergedDuplicates());
        assertEquals(2, t.measuredCells());
        assertThrows(IllegalArgumentException.class, () -> oneD(new long[] {1}, new double[] {-1}));
    }

    /** Property: on random monotone data, lookups are exact on grid points and monotone between them. */
    @Test
    void monotoneBetweenGridPoints() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 50; trial++) {
            int n = 2 + rnd.nextInt(10);
            long[] xs = new long[n];
            double[] ys = new double[n];
            long x = 1;
            double y = rnd.nextDouble();
            for (int i = 0; i < n; i++) {
                xs[i] = x;
                ys[i] = y;
                x += 1 + rnd.nextInt(100);
                y += rnd.nextDouble() * 10;
            }
            GridTable t = oneD(xs, ys);
            double prev = -1;
            for (long q = xs[0]; q <= xs[n - 1]; q++) {
                double v = t.lookup(new double[] {q}, warnings);
                assertTrue(v >= prev - 1e-9, "not monotone at " + q);
                prev = v;
            }
            for (int i = 0; i < n; i++) {
                assertEquals(ys[i], t.lookup(new double[] {xs[i]}, warnings), 1e-9);
            }
        }
    }
}
