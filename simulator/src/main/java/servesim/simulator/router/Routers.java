package servesim.simulator.router;

import servesim.models.Registry;

/** The routers a run can name, each made from the run's seed; a new router is one class plus one line here. */
public final class Routers {
    private Routers() {
    }

    public static Registry<Long, Router> defaults() {
        return new Registry<Long, Router>("router")
                .register("round_robin", seed -> new RoundRobinRouter())
                .register("least_loaded", seed -> new LeastLoadedRouter())
                .register("vllm_dp", seed -> new VllmDpRouter())
                .register("random", RandomRouter::new)
                .register("least_outstanding_tokens", seed -> new LeastOutstandingTokensRouter())
                .register("prefix_aware", seed -> new PrefixAwareRouter());
    }
}
