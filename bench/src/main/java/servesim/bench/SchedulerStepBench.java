package servesim.bench;

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

/**
 * One scheduler step (vLLM V1: running requests first, then waiting ones within the token budget; KV slots
 * allocated; finished requests retired) with {@code running} requests in the system, max_num_seqs 256 and a
 * 2,048-token budget.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SchedulerStepBench {
    @Param({"16", "64", "256"})
    int running;

    private ServingLoop loop;

    @Setup
    public void setUp() {
        loop = new ServingLoop(running, 256, 2048);
        for (int i = 0; i < 2_000; i++) {
            loop.step(); // past the first prefills, into steady state
        }
    }

    @Benchmark
    public int step() {
        return loop.step().size();
    }
}
