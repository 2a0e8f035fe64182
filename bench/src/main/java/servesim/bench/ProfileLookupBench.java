package servesim.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileFiles;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.Operator;

/**
 * Profile lookups with interpolation between measured points: a dense operator by tokens, attention over its 4-D
 * (prefill tokens, prefill KV, decode sequences, decode KV) grid, and MoE over (tokens, active experts); keys
 * cycle through 64 off-grid values so branch prediction does not flatter the result. Also the one-time cost of
 * compiling the shipped H100 profile (27,000 rows) into lookup tables.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProfileLookupBench {
    private Profile h100;
    private ProfileLookup dense;
    private ProfileLookup moe;
    private final long[] keys = new long[64];
    private int i;

    @Setup
    public void setUp() {
        h100 = ProfileFiles.read(ExecutionModelBench.H100);
        LookupWarnings quiet = new LookupWarnings(m -> { });
        dense = ProfileLookup.compile(h100, "h100", quiet);
        List<ProfileRow> rows = new ArrayList<>();
        for (long t = 1; t <= 16_384; t *= 2) {
            for (long e = 1; e <= 128; e *= 2) {
                rows.add(ProfileRow.of("moe", RowKeys.moe(t, e), 20 + 0.01 * t + 3.0 * e));
            }
        }
        moe = ProfileLookup.compile(new Profile(h100.metadata(), rows), "moe", quiet);
        for (int k = 0; k < keys.length; k++) {
            keys[k] = 3 + 97L * k;
        }
    }

    @Benchmark
    public double denseByTokens() {
        return dense.latencyUs(Operator.QKV_PROJ, keys[i++ & 63]);
    }

    @Benchmark
    public double attentionMixed() {
        long k = keys[i++ & 63];
        return dense.attentionUs(k, 4 * k, 200, 900 + k);
    }

    @Benchmark
    public double moeByTokensAndExperts() {
        long k = keys[i++ & 63];
        return moe.moeUs(k, 1 + (k & 63));
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public ProfileLookup compileProfile() {
        return ProfileLookup.compile(h100, "h100", new LookupWarnings(m -> { }));
    }
}
