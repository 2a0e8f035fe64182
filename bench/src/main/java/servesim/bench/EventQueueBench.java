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
import servesim.simulator.engine.EventQueue;

/**
 * The event queue in steady state ("hold" model): with {@code pending} events queued, take the earliest and
 * schedule one a random delay later, as every step end, arrival and transfer does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventQueueBench {
    @Param({"64", "4096", "262144"})
    int pending;

    private EventQueue<Integer> queue;
    private SplittableRandom rnd;
    private final Integer event = 1;

    @Setup
    public void fill() {
        queue = new EventQueue<>();
        rnd = new SplittableRandom(1);
        for (int i = 0; i < pending; i++) {
            queue.schedule(rnd.nextLong(1_000_000_000L), i % 4, event);
        }
    }

    @Benchmark
    public Integer pollAndSchedule() {
        Integer e = queue.poll();
        queue.schedule(queue.nowNs() + 1 + rnd.nextLong(20_000_000L), 0, event);
        return e;
    }
}
