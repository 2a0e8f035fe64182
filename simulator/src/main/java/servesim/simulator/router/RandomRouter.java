package servesim.simulator.router;

import java.util.List;
import java.util.SplittableRandom;
import servesim.simulator.instance.Instance;
import servesim.simulator.request.Request;

/** A uniformly random instance from a seeded generator (reproducible). */
public final class RandomRouter implements Router {
    private final SplittableRandom random;

    public RandomRouter(long seed) {
        this.random = new SplittableRandom(seed);
    }

    @Override
    public int route(Request r, List<Instance> instances) {
        return random.nextInt(instances.size());
    }
}
