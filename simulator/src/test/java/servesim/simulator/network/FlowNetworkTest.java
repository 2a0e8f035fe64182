package servesim.simulator.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import servesim.simulator.engine.EventQueue;

class FlowNetworkTest {
    /** A network driven by its own event queue, recording completion times by flow index. */
    static final class Harness {
        final EventQueue<Long> queue = new EventQueue<>();
        final FlowNetwork net = new FlowNetwork((t, v) -> queue.schedule(t, 0, v));
        final List<Long> done = new ArrayList<>();

        int start(long at, int[] path, long bytes, long notBefore) {
            int i = done.size();
            done.add(-1L);
            net.start(at, path, bytes, notBefore, t -> done.set(i, t));
            return i;
        }

        void run() {
            while (!queue.isEmpty()) {
                long v = queue.poll();
                net.onTimer(queue.nowNs(), v);
            }
        }
    }

    /** One 1 GB flow on a 1 GB/s link takes 1 s; two equal flows sharing it take 2 s each. */
    @Test
    void twoEqualFlowsTakeTwiceAsLong() {
        Harness h = new Harness();
        int l = h.net.addLink("l", 1e9, 0).id();
        h.start(0, new int[] {l}, 1_000_000_000L, 0);
        h.run();
        assertEquals(1_000_000_000L, h.done.get(0));

        Harness g = new Harness();
        int m = g.net.addLink("m", 1e9, 0).id();
        g.start(0, new int[] {m}, 1_000_000_000L, 0);
        g.start(0, new int[] {m}, 1_000_000_000L, 0);
        g.run();
        assertEquals(2_000_000_000L, g.done.get(0), 2);
        assertEquals(2_000_000_000L, g.done.get(1), 2);
    }

    /** A two-hop path is as fast as its slower link, plus both latencies. */
    @Test
    void bottleneckDecidesATwoHopPath() {
        Harness h = new Harness();
        int fast = h.net.addLink("fast", 10e9, 1_000).id();
        int slow = h.net.addLink("slow", 1e9, 2_000).id();
        h.start(0, new int[] {fast, slow}, 500_000_000L, 0);
        h.run();
        assertEquals(500_000_000L + 3_000, h.done.get(0), 2);
    }

    /**
     * Max-min fairness: A crosses only the 10 GB/s link, B crosses it and a 1 GB/s link. B is held to 1 GB/s by
     * its bottleneck, so A gets the remaining 9 GB/s. A (9 GB) ends at 1 s; B (2 GB) has sent 1 GB by then and
     * finishes its second GB at 1 GB/s at 2 s.
     */
    @Test
    void maxMinSharesAndRecomputesWhenAFlowEnds() {
        Harness h = new Harness();
        int big = h.net.addLink("big", 10e9, 0).id();
        int small = h.net.addLink("small", 1e9, 0).id();
        int a = h.start(0, new int[] {big}, 9_000_000_000L, 0);
        int b = h.start(0, new int[] {big, small}, 2_000_000_000L, 0);
        h.run();
        assertEquals(1_000_000_000L, h.done.get(a), 2);
        assertEquals(2_000_000_000L, h.done.get(b), 2);
    }

    /** A flow joining later slows the first: 1 GB at 1 GB/s alone for 0.5 s, then shared, ends at 1.5 s. */
    @Test
    void lateFlowSlowsTheFirst() {
        Harness h = new Harness();
        int l = h.net.addLink("l", 1e9, 0).id();
        h.start(0, new int[] {l}, 1_000_000_000L, 0);
        h.queue.schedule(500_000_000L, 1, -99L);
        // drive manually: advance to 0.5 s, then add the second flow
        while (!h.queue.isEmpty()) {
            long v = h.queue.poll();
            if (v == -99L) {
                h.start(h.queue.nowNs(), new int[] {l}, 1_000_000_000L, 0);
            } else {
                h.net.onTimer(h.queue.nowNs(), v);
            }
        }
        assertEquals(1_500_000_000L, h.done.get(0), 2);
        assertEquals(2_000_000_000L, h.done.get(1), 2);
    }

    @Test
    void notBeforeHoldsDelivery() {
        Harness h = new Harness();
        int l = h.net.addLink("l", 1e9, 0).id();
        h.start(0, new int[] {l}, 1_000_000L, 5_000_000L);
        h.run();
        assertEquals(5_000_000L, h.done.get(0));
    }

    /** Property: random flows all complete once, and no flow beats its path's solo time. */
    @Test
    void everyFlowCompletesNoFasterThanAlone() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int trial = 0; trial < 30; trial++) {
            Harness h = new Harness();
            int links = rnd.nextInt(1, 5);
            double[] bw = new double[links];
            for (int i = 0; i < links; i++) {
                bw[i] = rnd.nextDouble(1e8, 1e10);
                h.net.addLink("l" + i, bw[i], 0);
            }
            int n = rnd.nextInt(1, 12);
            double[] solo = new double[n];
            for (int f = 0; f < n; f++) {
                int a = rnd.nextInt(links);
                int b = rnd.nextInt(links);
                int[] path = a == b ? new int[] {a} : new int[] {a, b};
                long bytes = rnd.nextLong(1, 5_000_000_000L);
                double min = Double.MAX_VALUE;
                for (int l : path) {
                    min = Math.min(min, bw[l]);
                }
                solo[f] = bytes / min * 1e9;
                h.start(0, path, bytes, 0);
            }
            h.run();
            assertEquals(n, h.net.completed());
            assertEquals(0, h.net.inFlight());
            for (int f = 0; f < n; f++) {
                assertTrue(h.done.get(f) >= (long) solo[f] - 2, "flow " + f + " faster than alone");
            }
        }
    }

    /**
     * Random topologies and arrivals (shared switch links, multi-hop paths, flows starting while others run): every
     * completion time equals the reference that refills the whole network at every change, to the nanosecond.
     */
    @Test
    void componentRefillMatchesTheGlobalComputationExactly() {
        SplittableRandom rnd = new SplittableRandom(2026);
        for (int trial = 0; trial < 200; trial++) {
            int nLinks = 1 + rnd.nextInt(12);
            double[] bw = new double[nLinks];
            long[] lat = new long[nLinks];
            for (int l = 0; l < nLinks; l++) {
                bw[l] = 1e9 * (1 + rnd.nextInt(400)) / 8.0;
                lat[l] = rnd.nextInt(5_000);
            }
            int nFlows = 1 + rnd.nextInt(60);
            long[] at = new long[nFlows];
            int[][] paths = new int[nFlows][];
            long[] bytes = new long[nFlows];
            long[] notBefore = new long[nFlows];
            long t = 0;
            for (int i = 0; i < nFlows; i++) {
                t += rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(2_000_000);
                at[i] = t;
                int hops = 1 + rnd.nextInt(Math.min(3, nLinks));
                paths[i] = new int[hops];
                for (int h = 0; h < hops; h++) {
                    paths[i][h] = rnd.nextInt(nLinks);
                }
                bytes[i] = rnd.nextInt(10) == 0 ? 0 : rnd.nextLong(200_000_000L);
                notBefore[i] = rnd.nextBoolean() ? 0 : at[i] + rnd.nextLong(3_000_000);
            }
            assertEquals(run(false, bw, lat, at, paths, bytes, notBefore), run(true, bw, lat, at, paths, bytes,
                    notBefore), "trial " + trial);
        }
    }

    /** Completion times of the flows, each started at its time (arrivals interleaved with the network's checks). */
    private static List<Long> run(boolean reference, double[] bw, long[] lat, long[] at, int[][] paths, long[] bytes,
                                  long[] notBefore) {
        EventQueue<long[]> q = new EventQueue<>();
        FlowNetwork.Timer timer = (time, v) -> q.schedule(time, 0, new long[] {-1, v});
        FlowNetwork net = reference ? null : new FlowNetwork(timer);
        ReferenceFlowNetwork ref = reference ? new ReferenceFlowNetwork(timer) : null;
        for (int l = 0; l < bw.length; l++) {
            if (reference) {
                ref.addLink("l" + l, bw[l], lat[l]);
            } else {
                net.addLink("l" + l, bw[l], lat[l]);
            }
        }
        List<Long> done = new ArrayList<>();
        for (int i = 0; i < at.length; i++) {
            done.add(-1L);
            q.schedule(at[i], 1, new long[] {i, 0});
        }
        while (!q.isEmpty()) {
            long[] e = q.poll();
            long now = q.nowNs();
            if (e[0] < 0) {
                if (reference) {
                    ref.onTimer(now, e[1]);
                } else {
                    net.onTimer(now, e[1]);
                }
            } else {
                int i = (int) e[0];
                java.util.function.LongConsumer d = x -> done.set(i, x);
                if (reference) {
                    ref.start(now, paths[i], bytes[i], notBefore[i], d);
                } else {
                    net.start(now, paths[i], bytes[i], notBefore[i], d);
                }
            }
        }
        return done;
    }
}
