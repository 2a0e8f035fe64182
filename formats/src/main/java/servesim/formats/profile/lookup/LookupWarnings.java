package servesim.formats.profile.lookup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Collects the one-time warnings profile lookups raise (extrapolation beyond the grid, clamping below it, use of
 * estimated grid cells). Each distinct warning key is reported once to the sink and kept for the run's outputs.
 */
public final class LookupWarnings {
    private final Consumer<String> sink;
    private final Set<String> seen = new HashSet<>();
    private final List<String> messages = new ArrayList<>();

    public LookupWarnings(Consumer<String> sink) {
        this.sink = sink;
    }

    /** Reports {@code message} unless a warning with {@code key} was already reported. */
    public void once(String key, String message) {
        if (seen.add(key)) {
            messages.add(message);
            sink.accept(message);
        }
    }

    /** Every warning reported so far, in order. */
    public List<String> messages() {
        return Collections.unmodifiableList(messages);
    }
}
