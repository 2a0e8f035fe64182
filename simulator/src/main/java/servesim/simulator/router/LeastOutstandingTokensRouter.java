package servesim.simulator.router;

import java.util.List;
import servesim.simulator.instance.Instance;
import servesim.simulator.request.Request;

/** The instance with the fewest tokens left to compute and generate; ties to the lowest index. */
public final class LeastOutstandingTokensRouter implements Router {
    @Override
    public int route(Request r, List<Instance> instances) {
        int best = 0;
        long bestTokens = Long.MAX_VALUE;
        for (int i = 0; i < instances.size(); i++) {
            long t = instances.get(i).outstandingTokens();
            if (t < bestTokens) {
                bestTokens = t;
                best = i;
            }
        }
        return best;
    }
}
