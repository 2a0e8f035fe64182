package servesim.simulator.router;

import java.util.List;
import servesim.simulator.instance.Instance;
import servesim.simulator.request.Request;

/** The instance with the lowest {@code 4 * waiting + running} (vLLM's DP load score); ties to the lowest index. */
public final class LeastLoadedRouter implements Router {
    @Override
    public int route(Request r, List<Instance> instances) {
        int best = 0;
        long bestScore = Long.MAX_VALUE;
        for (int i = 0; i < instances.size(); i++) {
            Instance in = instances.get(i);
            long score = 4L * in.numWaiting() + in.numRunning();
            if (score < bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return best;
    }
}
