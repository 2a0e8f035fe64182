package servesim.simulator.router;

import java.util.List;
import servesim.simulator.instance.Instance;
import servesim.simulator.request.Request;

/**
 * vLLM's data-parallel front end ({@code DPLBAsyncMPClient}): a request goes to the engine with the lowest
 * {@code 4 x waiting + running}, from load counts the DP coordinator publishes about every 100 ms; between updates
 * the client adds each request it sends to its engine's waiting count, so a burst spreads over the engines instead
 * of piling onto the one that looked idle. Ties go to the lowest index. The default for DP groups.
 */
public final class VllmDpRouter implements Router {
    /** How often the coordinator publishes the engines' counts. */
    static final long STATS_INTERVAL_NS = 100_000_000L;

    private long[] waiting = new long[0];
    private long[] running = new long[0];
    private long statsTick = Long.MIN_VALUE;

    @Override
    public int route(Request r, List<Instance> instances) {
        long tick = Math.floorDiv(r.arrivalNs(), STATS_INTERVAL_NS);
        if (tick != statsTick || waiting.length != instances.size()) {
            statsTick = tick;
            waiting = new long[instances.size()];
            running = new long[instances.size()];
            for (int i = 0; i < waiting.length; i++) {
                waiting[i] = instances.get(i).numWaiting();
                running[i] = instances.get(i).numRunning();
            }
        }
        int best = 0;
        long bestScore = Long.MAX_VALUE;
        for (int i = 0; i < waiting.length; i++) {
            long score = 4 * waiting[i] + running[i];
            if (score < bestScore) {
                bestScore = score;
                best = i;
            }
        }
        waiting[best]++;
        return best;
    }
}
