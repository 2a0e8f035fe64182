package servesim.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Named factories of one kind of pluggable part (routers, expert-routing policies, schedulers, profile importers,
 * output writers). A registry is a value made per run: a caller takes the defaults, may add its own entries, and
 * hands it to the run; nothing is global, so runs on several threads never share one. An unknown name fails
 * naming the place it came from and listing the known ones.
 *
 * @param <A> what a factory is given (the run's seed, a scheduler's limits, ...)
 * @param <T> what it makes
 */
public final class Registry<A, T> {
    private final String kind;
    private final Map<String, Function<A, T>> factories = new LinkedHashMap<>();

    /** @param kind what the entries are, for messages ("router", "scheduler") */
    public Registry(String kind) {
        this.kind = kind;
    }

    /** Adds (or replaces) the entry {@code name}; returns this registry. */
    public Registry<A, T> register(String name, Function<A, T> factory) {
        factories.put(name, factory);
        return this;
    }

    /** A copy to which a caller can add entries without touching this one. */
    public Registry<A, T> copy() {
        Registry<A, T> c = new Registry<>(kind);
        c.factories.putAll(factories);
        return c;
    }

    public List<String> names() {
        return new ArrayList<>(factories.keySet());
    }

    public boolean has(String name) {
        return factories.containsKey(name);
    }

    /** Throws naming {@code source} and {@code field} when nothing is registered under {@code name}. */
    public void check(String name, String source, String field) {
        if (!factories.containsKey(name)) {
            throw new InputException(source, field, "unknown " + kind + " '" + name + "'.",
                    "use one of " + String.join(", ", factories.keySet()) + ".");
        }
    }

    /** Makes the entry {@code name} from {@code arg}; unknown names fail as {@link #check} does. */
    public T create(String name, A arg, String source, String field) {
        check(name, source, field);
        return factories.get(name).apply(arg);
    }
}
