package servesim.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestRecord;
import servesim.formats.workload.WorkloadRequest;
import servesim.simulator.engine.EventQueue;
import servesim.simulator.instance.Instance;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.metrics.Distribution;
import servesim.simulator.observe.SimulationListener;
import servesim.simulator.router.RoundRobinRouter;
import servesim.simulator.scheduler.BatchPlan;
import servesim.simulator.scheduler.SchedulerConfig;
import servesim.simulator.scheduler.VllmV1Scheduler;

/**
 * Properties of the kernel over generated inputs (jqwik): whatever the workload and engine limits, every request
 * finishes exactly once with all its tokens, no step breaks the scheduler's limits, the KV pool is whole again at
 * the end; the event queue's order is total; percentiles stay within the sample.
 */
class KernelProperties {
    /** A workload of {@code n} requests that each fit the cache, some sharing prompt prefixes. */
    private static List<WorkloadRequest> workload(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<WorkloadRequest> out = new ArrayList<>();
        long t = 0;
        for (int i = 0; i < n; i++) {
            t += rnd.nextLong(5_000_000);
            int in = 1 + rnd.nextInt(rnd.nextBoolean() ? 40 : 400);
            int o = 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 60);
            int[] ids = new int[in];
            int prefix = rnd.nextInt(3);
            for (int k = 0; k < in; k++) {
                ids[k] = k < in / 2 ? prefix * 10_000 + k : rnd.nextInt(1 << 20);
            }
            out.add(new WorkloadRequest(t, in, o, ids, null));
        }
        return out;
    }

    @Property(tries = 80)
    void everyRequestFinishesOnceWithinTheSchedulersLimits(@ForAll @IntRange(min = 1, max = 40) int requests,
                                                           @ForAll @IntRange(min = 1, max = 16) int maxSeqs,
                                                           @ForAll @IntRange(min = 16, max = 512) int budget,
                                                           @ForAll boolean prefixCaching, @ForAll boolean async,
                                                           @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        KvCacheManager kv = new KvCacheManager(64, 16, prefixCaching);
        var scheduler = new VllmV1Scheduler(new SchedulerConfig(maxSeqs, budget, 0, true, true, async), kv);
        Instance in = new Instance(0, "p", scheduler, kv, TestProfiles.exec(TestProfiles.flat(), new ArrayList<>()));
        List<WorkloadRequest> w = workload(requests, seed);
        int[] violations = {0};
        SimulationListener limits = new SimulationListener() {
            @Override
            public void stepStarted(Instance i, long nowNs, double watts) {
                BatchPlan p = i.current();
                if (p.totalTokens() > budget || p.size() > maxSeqs || i.kv().pool().numFree() < 0) {
                    violations[0]++;
                }
            }
        };
        SimulationResult r = new SimulationBuilder(List.of(in), null, new RoundRobinRouter(), new RoundRobinRouter(),
                1_000_000_000L, new LookupWarnings(m -> { })).listener(limits).build(w).run();
        assertEquals(0, violations[0], "steps that broke the limits");
        assertEquals(requests, r.requests().size());
        for (int i = 0; i < requests; i++) {
            RequestRecord rec = r.requests().get(i);
            assertTrue(rec.id() == i && rec.outputTokens() == w.get(i).outputTokens(), rec.toString());
            assertTrue(rec.arrivalNs() <= rec.scheduledNs() && rec.scheduledNs() < rec.firstTokenNs()
                    && rec.firstTokenNs() <= rec.finishNs(), rec.toString());
        }
        assertEquals(kv.pool().capacity(), kv.pool().numFree(), "KV blocks leaked");
        assertEquals(requests, r.summary().completed());
    }

    @Property(tries = 200)
    void theEventQueuePollsInTimePhaseInsertionOrder(@ForAll @IntRange(min = 1, max = 60) int events,
                                                     @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        EventQueue<long[]> q = new EventQueue<>();
        for (int i = 0; i < events; i++) {
            long t = rnd.nextLong(5);
            int phase = rnd.nextInt(3);
            q.schedule(t, phase, new long[] {t, phase, i});
        }
        long[] last = {-1, -1, -1};
        while (!q.isEmpty()) {
            long[] e = q.poll();
            boolean ordered = e[0] > last[0] || (e[0] == last[0] && (e[1] > last[1]
                    || (e[1] == last[1] && e[2] > last[2])));
            assertTrue(ordered, java.util.Arrays.toString(e) + " after " + java.util.Arrays.toString(last));
            assertEquals(e[0], q.nowNs());
            last = e;
        }
    }

    @Property(tries = 200)
    void percentilesStayWithinTheSampleAndRiseWithQ(@ForAll @IntRange(min = 1, max = 200) int n,
                                                    @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextDouble() * 1000;
        }
        Distribution d = Distribution.of(v);
        double min = java.util.Arrays.stream(v).min().getAsDouble();
        double max = java.util.Arrays.stream(v).max().getAsDouble();
        assertTrue(min <= d.median() && d.median() <= d.p90() && d.p90() <= d.p95() && d.p95() <= d.p99()
                && d.p99() <= max, d.toString());
        assertTrue(d.mean() >= min && d.mean() <= max && d.std() >= 0, d.toString());
    }
}
