package servesim.bench;

import java.util.PriorityQueue;
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
import servesim.simulator.network.FlowNetwork;

/**
 * The flow network with {@code flows} transfers in flight: one operation starts a transfer and runs the network
 * until one completes, so the count stays steady (each start and each completion refills rates). Two layouts:
 * {@code pairs}, 64 GPUs' links where each transfer crosses two of them (many small components), and
 * {@code shared}, where every transfer also crosses one inter-node link (a single component: the worst case).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FlowNetworkBench {
    @Param({"10", "100", "1000"})
    int flows;

    @Param({"pairs", "shared"})
    String layout;

    private FlowNetwork net;
    private final PriorityQueue<long[]> timers = new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0]));
    private final SplittableRandom rnd = new SplittableRandom(9);
    private long now;
    private int done;
    private int nics;
    private int core;

    @Setup
    public void setUp() {
        net = new FlowNetwork((t, v) -> timers.add(new long[] {t, v}));
        nics = 64;
        for (int l = 0; l < nics; l++) {
            net.addLink("nic" + l, 50e9, 2_000);
        }
        core = net.addLink("core", 400e9, 5_000).id();
        for (int i = 0; i < flows; i++) {
            start();
        }
    }

    private void start() {
        int a = rnd.nextInt(nics);
        int b = (a + 1 + rnd.nextInt(nics - 1)) % nics;
        int[] path = layout.equals("shared") ? new int[] {a, core, b} : new int[] {a, b};
        net.start(now, path, 1_000_000L + rnd.nextLong(100_000_000L), now, t -> done++);
    }

    @Benchmark
    public int startOneFinishOne() {
        start();
        int before = done;
        while (done == before) {
            long[] t = timers.poll();
            now = Math.max(now, t[0]);
            net.onTimer(now, t[1]);
        }
        return net.inFlight();
    }
}
