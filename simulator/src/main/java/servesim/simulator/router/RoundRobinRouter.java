package servesim.simulator.router;

import java.util.List;
import servesim.simulator.instance.Instance;
import servesim.simulator.request.Request;

/** Instances in turn. */
public final class RoundRobinRouter implements Router {
    private int next;

    @Override
    public int route(Request r, List<Instance> instances) {
        int i = next;
        next = (next + 1) % instances.size();
        return i;
    }
}
