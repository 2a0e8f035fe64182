package servesim.simulator.router;

import java.util.List;
import servesim.simulator.instance.Instance;
import servesim.simulator.request.Request;

/** Chooses the instance that serves an arriving request. */
public interface Router {
    int route(Request r, List<Instance> instances);
}
