package servesim.simulator.router;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import servesim.models.InputException;

/** Routers by name; unknown names fail listing the known ones. Custom routers register here. */
public final class RouterRegistry {
    private static final Map<String, LongFunction<Router>> FACTORIES = new LinkedHashMap<>();

    static {
        register("round_robin", seed -> new RoundRobinRouter());
        register("least_loaded", seed -> new LeastLoadedRouter());
        register("vllm_dp", seed -> new VllmDpRouter());
        register("random", RandomRouter::new);
        register("least_outstanding_tokens", seed -> new LeastOutstandingTokensRouter());
        register("prefix_aware", seed -> new PrefixAwareRouter());
    }

    private RouterRegistry() {
    }

    /** Adds a router under {@code name} (a factory taking the run's seed). */
    public static synchronized void register(String name, LongFunction<Router> factory) {
        FACTORIES.put(name, factory);
    }

    public static synchronized Router create(String name, long seed, String where) {
        LongFunction<Router> f = FACTORIES.get(name);
        if (f == null) {
            throw new InputException(where, null, "unknown router '" + name + "'.",
                    "use one of " + String.join(", ", FACTORIES.keySet()) + ".");
        }
        return f.apply(seed);
    }
}
