package servesim.simulator.plan;

import java.util.Locale;
import java.util.Map;
import servesim.models.InputException;

/**
 * A service-level constraint on a run's summary, e.g. {@code p99_ttft_ms<=200} or {@code goodput_attainment>=0.9}:
 * any numeric summary key (summary.json's names), {@code <=} or {@code >=}, a number.
 */
public record Slo(String key, boolean atMost, double value) {
    /** Parses {@code KEY<=V} or {@code KEY>=V}; errors name {@code where}. */
    public static Slo parse(String text, String where) {
        String t = text.replace(" ", "");
        int i = t.indexOf("<=");
        int j = t.indexOf(">=");
        int at = i >= 0 ? i : j;
        if (at <= 0) {
            throw new InputException(where, null, "'" + text + "' is not KEY<=VALUE or KEY>=VALUE.",
                    "write e.g. p99_ttft_ms<=200.");
        }
        try {
            return new Slo(t.substring(0, at).toLowerCase(Locale.ROOT), i >= 0, Double.parseDouble(t.substring(at + 2)));
        } catch (NumberFormatException e) {
            throw new InputException(where, null, "'" + text + "': the bound is not a number.",
                    "write e.g. p99_ttft_ms<=200.");
        }
    }

    /** Whether the summary values {@code keys} meet this; a key the summary lacks fails naming the known ones. */
    public boolean met(Map<String, Object> keys) {
        return atMost ? value(keys) <= value : value(keys) >= value;
    }

    /** This constraint's key in {@code keys}. */
    public double value(Map<String, Object> keys) {
        Object v = keys.get(key);
        if (!(v instanceof Number n)) {
            throw new InputException("--slo", key, "not a numeric key of the run summary.", "use one of "
                    + String.join(", ", keys.entrySet().stream().filter(e -> e.getValue() instanceof Number)
                    .map(Map.Entry::getKey).toList()) + ".");
        }
        return n.doubleValue();
    }

    public String text() {
        return key + (atMost ? "<=" : ">=") + (value == Math.rint(value) ? Long.toString((long) value)
                : Double.toString(value));
    }
}
