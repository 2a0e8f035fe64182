package servesim.simulator.moe;

import servesim.models.Registry;

/** The expert-routing policies a run can name, each made from a seed; a new one is one class plus one line here. */
public final class ExpertRoutings {
    private ExpertRoutings() {
    }

    public static Registry<Long, ExpertRouting> defaults() {
        return new Registry<Long, ExpertRouting>("expert routing")
                .register("balanced", seed -> new BalancedRouting())
                .register("round_robin", seed -> new RoundRobinRouting())
                .register("random", seed -> new SampledRouting(seed, 0))
                // Zipf exponent 1: the classic Zipf law, a stated assumption about hot experts, not a fitted value
                .register("skewed", seed -> new SampledRouting(seed, 1.0));
    }
}
