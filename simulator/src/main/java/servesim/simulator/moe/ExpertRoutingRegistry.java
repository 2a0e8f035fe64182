package servesim.simulator.moe;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongFunction;
import servesim.models.InputException;

/** Expert-routing policies by name; custom ones register here. */
public final class ExpertRoutingRegistry {
    private static final Map<String, LongFunction<ExpertRouting>> FACTORIES = new LinkedHashMap<>();

    static {
        register("balanced", seed -> new BalancedRouting());
        register("round_robin", seed -> new RoundRobinRouting());
        register("random", seed -> new SampledRouting(seed, 0));
        // Zipf exponent 1: the classic Zipf law, a stated assumption about hot experts, not a fitted value
        register("skewed", seed -> new SampledRouting(seed, 1.0));
    }

    private ExpertRoutingRegistry() {
    }

    public static synchronized void register(String name, LongFunction<ExpertRouting> factory) {
        FACTORIES.put(name, factory);
    }

    /** Throws naming {@code source} and {@code field} when no policy is registered under {@code name}. */
    public static synchronized void check(String name, String source, String field) {
        if (!FACTORIES.containsKey(name)) {
            throw new InputException(source, field, "unknown expert routing '" + name + "'.",
                    "use one of " + String.join(", ", FACTORIES.keySet()) + ".");
        }
    }

    public static synchronized ExpertRouting create(String name, long seed, String where) {
        check(name, where, null);
        return FACTORIES.get(name).apply(seed);
    }
}
