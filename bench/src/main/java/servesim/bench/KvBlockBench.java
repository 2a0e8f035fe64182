package servesim.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import servesim.formats.workload.WorkloadRequest;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.request.Request;

/**
 * The KV block pool with prefix caching: admit a request (hash its full blocks, look up the cached prefix,
 * allocate the rest, register the new full blocks), then finish and free it. Prompts share a system prompt of
 * {@code sharedTokens} tokens out of 1,024, so part of each admission is a prefix hit. Cost per request, with
 * 29,000 blocks of 16 tokens (an 8B model on an 80 GB GPU).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class KvBlockBench {
    @Param({"0", "512"})
    int sharedTokens;

    private static final int PROMPT = 1024;
    private KvCacheManager kv;
    private int[][] prompts;
    private int next;
    private int id;

    @Setup
    public void setUp() {
        kv = new KvCacheManager(29_000, 16, true);
        SplittableRandom rnd = new SplittableRandom(3);
        prompts = new int[256][PROMPT];
        for (int[] p : prompts) {
            for (int i = 0; i < PROMPT; i++) {
                p[i] = i < sharedTokens ? i : rnd.nextInt(128_000);
            }
        }
    }

    @Benchmark
    public int admitAndFree() {
        int[] ids = prompts[next++ & 255];
        Request r = new Request(id++, new WorkloadRequest(0, PROMPT, 1, ids, new int[] {7}));
        int hit = kv.cachedPrefixBlocks(r);
        if (!kv.allocateSlots(r, PROMPT - hit * 16, hit, false)) {
            throw new IllegalStateException("pool full");
        }
        int held = r.numBlocks();
        kv.free(r);
        return held;
    }
}
