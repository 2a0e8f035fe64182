package servesim.profiler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileReader;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.ModelCatalog;
import servesim.models.OpKey;
import servesim.models.Operator;
import servesim.models.Parallelism;
import servesim.profiler.sweep.SweepLimits;

class ProfilerEndToEndTest {
    static ProfilerConfig tiny(Path out, boolean resume, int maxPoints, double refine) {
        SweepLimits limits = new SweepLimits(64, 16, 64, 256, 1L << 30, refine, 1, 1, true);
        return new ProfilerConfig(ModelCatalog.get().load("servesim/tiny-llama"), "cpu", "cpu", Dtype.FP32,
                List.of(1, 2), out, resume, 1, limits, 3, maxPoints, 1, TimingMode.IN_LAYER);
    }

    /** Profiles the tiny model at TP 1 and 2 on the CPU and reads the files back through the lookup API. */
    @Test
    void profilesTinyModelEndToEnd(@TempDir Path out) {
        ProfilerResult r = new Profiler(tiny(out, false, 0, 0.05), Progress.NONE).run();
        assertTrue(r.complete());
        assertTrue(r.seconds() < 60, "took " + r.seconds() + " s");
        assertFalse(Files.exists(out.resolve(Profiler.JOURNAL)), "journal removed after a complete run");
        for (int tp : List.of(1, 2)) {
            Profile p = ProfileReader.read(out.resolve("tp" + tp + ".arrow"));
            assertEquals(tp, p.metadata().tp());
            assertTrue(p.metadata().source().startsWith("djl-pytorch-"), p.metadata().source());
            assertEquals("cpu", p.metadata().deviceKind());
            assertTrue(p.metadata().extra().containsKey("heldout.median_abs_err_pct"));
            assertTrue(p.metadata().host().contains("PyTorch"), p.metadata().host());
            ProfileLookup l = ProfileLookup.compile(p, "tp" + tp, new LookupWarnings(s -> { }));
            for (Operator op : ForwardPass.of(ModelCatalog.get().resolve(p.metadata().model()), Parallelism.tp(tp))
                    .computeOperators()) {
                assertTrue(l.has(op), op + " missing");
            }
            assertTrue(l.latencyUs(Operator.QKV_PROJ, OpKey.tokens(10)) > 0);
            assertTrue(l.latencyUs(Operator.ATTENTION, OpKey.attention(16, 32, 4, 100)) > 0);
            for (ProfileRow row : p.rows()) {
                assertTrue(row.latency().samples() >= 5 && row.latency().p10Us() <= row.latency().p90Us());
            }
        }
    }

    /**
     * A run stopped after 40 measurements (layer runs; each records several operator points) and resumed ends
     * with the same points as an uninterrupted run, measuring none of the journaled points again.
     */
    @Test
    void killedRunResumesToTheSamePoints(@TempDir Path a, @TempDir Path b) {
        ProfilerResult whole = new Profiler(tiny(a, false, 0, 0), Progress.NONE).run();
        ProfilerResult first = new Profiler(tiny(b, false, 40, 0), Progress.NONE).run();
        assertFalse(first.complete());
        assertTrue(first.measured() >= 40, "measured " + first.measured());
        assertTrue(Files.exists(b.resolve(Profiler.JOURNAL)));
        ProfilerResult rest = new Profiler(tiny(b, true, 0, 0), Progress.NONE).run();
        assertTrue(rest.complete());
        assertEquals(first.measured(), rest.reused(), "journaled points are not measured again");
        assertEquals(whole.measured(), first.measured() + rest.measured());
        for (int tp : List.of(1, 2)) {
            assertEquals(points(a.resolve("tp" + tp + ".arrow")), points(b.resolve("tp" + tp + ".arrow")));
        }
    }

    private static Set<String> points(Path f) {
        return ProfileReader.read(f).rows().stream().map(r -> r.op() + r.keys()).collect(Collectors.toSet());
    }
}
