package servesim.simulator.router;

import java.util.List;
import servesim.simulator.instance.Instance;
import servesim.simulator.request.Request;

/**
 * Cache-aware routing in the manner of SGLang's router: while the instances' loads (vLLM's
 * {@code 4 * waiting + running}) stay within {@link #BALANCE_SLACK} of each other, the request goes to the instance
 * whose KV cache already holds the longest prefix of it (in whole blocks; ties to the less loaded); once they
 * drift further apart, to the least loaded, so a prefix every request shares (a system prompt) cannot pile all
 * the traffic onto one instance. Requests without token ids share no prefix and are routed by load.
 */
public final class PrefixAwareRouter implements Router {
    /** Load difference (in {@code 4 * waiting + running} units, i.e. 8 waiting requests) beyond which load wins. */
    public static final long BALANCE_SLACK = 32;

    @Override
    public int route(Request r, List<Instance> instances) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int leastLoaded = 0;
        for (int i = 0; i < instances.size(); i++) {
            long load = load(instances.get(i));
            if (load < min) {
                min = load;
                leastLoaded = i;
            }
            max = Math.max(max, load);
        }
        if (max - min > BALANCE_SLACK) {
            return leastLoaded;
        }
        int best = 0;
        int bestBlocks = -1;
        long bestLoad = Long.MAX_VALUE;
        for (int i = 0; i < instances.size(); i++) {
            Instance in = instances.get(i);
            int blocks = in.kv().peekPrefixBlocks(r);
            long load = load(in);
            if (blocks > bestBlocks || (blocks == bestBlocks && load < bestLoad)) {
                best = i;
                bestBlocks = blocks;
                bestLoad = load;
            }
        }
        return best;
    }

    private static long load(Instance in) {
        return 4L * in.numWaiting() + in.numRunning();
    }
}
