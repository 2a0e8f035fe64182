package servesim.simulator.router;

import java.util.List;
import servesim.simulator.instance.Instance;
import servesim.simulator.request.Request;

/**
 * The instance whose KV cache already holds the longest prefix of the request (in whole blocks); among equals,
 * the least loaded by vLLM's {@code 4 * waiting + running}. Requests without token ids share no prefix, so they
 * are routed by load alone.
 */
public final class PrefixAwareRouter implements Router {
    @Override
    public int route(Request r, List<Instance> instances) {
        int best = 0;
        int bestBlocks = -1;
        long bestLoad = Long.MAX_VALUE;
        for (int i = 0; i < instances.size(); i++) {
            Instance in = instances.get(i);
            int blocks = in.kv().peekPrefixBlocks(r);
            long load = 4L * in.numWaiting() + in.numRunning();
            if (blocks > bestBlocks || (blocks == bestBlocks && load < bestLoad)) {
                best = i;
                bestBlocks = blocks;
                bestLoad = load;
            }
        }
        return best;
    }
}
