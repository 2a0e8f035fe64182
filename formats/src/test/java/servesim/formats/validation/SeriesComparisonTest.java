package servesim.formats.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesComparisonTest {
    @TempDir
    Path dir;

    /**
     * Real 0, 100, 200, 100 (ticks 0-3); simulated 100, 100, 100 at ticks 1-3 and 50 at tick 4 (missing = 0).
     * Errors 0, 0, 100, 0, 50 over 5 ticks: RMSE sqrt(12500 / 5) = 50; real mean 400 / 5 = 80: nRMSE 0.625.
     * Totals 400 vs 350; peaks 200 vs 100; last non-zero tick 3 vs 4.
     */
    @Test
    void statisticsByHand() throws IOException {
        Path real = dir.resolve("real.csv");
        Files.writeString(real, "scenario,time_s,gen_tok_s\nA,0,0\nA,1,100\nA,2,200\nA,3,100\nB,1,999\n");
        Path sim = dir.resolve("sim.csv");
        Files.writeString(sim, "t,node,v\n1.0,0,60\n1.0,1,40\n2.0,0,100\n3.0,0,100\n4.0,0,50\n");
        Series r = Series.csv(real, "time_s", "gen_tok_s", Map.of("scenario", "A"));
        Series s = Series.csv(sim, "t", "v", Map.of());
        assertEquals(0.625, SeriesComparison.stat("nrmse", r, s, true).error(), 1e-12);
        assertEquals(-12.5, SeriesComparison.stat("total", r, s, true).error(), 1e-12);
        assertEquals(-50, SeriesComparison.stat("peak", r, s, true).error(), 1e-12);
        assertEquals(4, SeriesComparison.stat("makespan", r, s, true).sim(), 0);
        // skipping missing ticks compares ticks 1-3 only: errors 0, 100, 0 -> RMSE 57.74 over a mean of 133.3
        assertEquals(Math.sqrt(10000 / 3.0) / (400 / 3.0), SeriesComparison.stat("nrmse", r, s, false).error(), 1e-12);
        // log timestamps count seconds from the first row kept; an offset moves the labels
        Path log = dir.resolve("log.csv");
        Files.writeString(log, "run,ts,gen_tok_s\nx,12-11 13:08:28,1\nx,12-11 13:08:30,3\n");
        Series l = Series.csv(log, "ts", "gen_tok_s", Map.of()).shifted(2);
        assertEquals(Map.of(2L, 1.0, 4L, 3.0), l.values());
    }
}
