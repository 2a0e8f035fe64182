package servesim.bench;

import java.util.SplittableRandom;
import servesim.formats.workload.WorkloadRequest;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.request.Request;
import servesim.simulator.scheduler.BatchPlan;
import servesim.simulator.scheduler.SchedulerConfig;
import servesim.simulator.scheduler.VllmV1Scheduler;

/**
 * One instance's scheduler in steady state, as the simulator drives it: plan a step, account its tokens, finish
 * requests that reached their length and admit a new one for each, so {@code concurrency} requests stay in the
 * system (prompts of 200-1,800 tokens, outputs of 50-550).
 */
final class ServingLoop {
    final VllmV1Scheduler scheduler;
    final KvCacheManager kv;
    private final SplittableRandom rnd = new SplittableRandom(5);
    private int nextId;
    private long now;

    ServingLoop(int concurrency, int maxNumSeqs, int maxBatchedTokens) {
        kv = new KvCacheManager(200_000, 16, true);
        scheduler = new VllmV1Scheduler(new SchedulerConfig(maxNumSeqs, maxBatchedTokens, 0, true, false, false), kv);
        for (int i = 0; i < concurrency; i++) {
            admit();
        }
    }

    private void admit() {
        scheduler.add(new Request(nextId++, new WorkloadRequest(now, 200 + rnd.nextInt(1600), 50 + rnd.nextInt(500),
                null, null)), now);
    }

    /** Plans one step and applies it; returns the step's plan. */
    BatchPlan step() {
        now += 20_000_000L;
        BatchPlan plan = scheduler.schedule(now, now);
        for (int k = 0; k < plan.size(); k++) {
            Request r = plan.request(k);
            r.setNumComputed(plan.computedBefore(k) + plan.numNew(k));
            if (r.numComputed() >= r.numTokens() && r.appendToken(now)) {
                r.markFinished(now);
                kv.free(r);
                admit();
            }
        }
        scheduler.removeFinished();
        return plan;
    }
}
