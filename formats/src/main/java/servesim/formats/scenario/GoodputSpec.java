package servesim.formats.scenario;

import java.util.Locale;
import servesim.models.InputException;

/**
 * Service-level objectives for goodput, as {@code vllm bench serve --goodput} takes them: a request is good when it
 * meets every objective given. NaN for an objective not given.
 *
 * @param ttftMs time to first token, ms
 * @param tpotMs time per output token, ms
 * @param e2elMs end-to-end latency, ms
 */
public record GoodputSpec(double ttftMs, double tpotMs, double e2elMs) {
    public GoodputSpec {
        for (double v : new double[] {ttftMs, tpotMs, e2elMs}) {
            if (!(Double.isNaN(v) || v > 0)) {
                throw new IllegalArgumentException("goodput objectives must be positive milliseconds");
            }
        }
        if (Double.isNaN(ttftMs) && Double.isNaN(tpotMs) && Double.isNaN(e2elMs)) {
            throw new IllegalArgumentException("goodput needs at least one of ttft, tpot, e2el");
        }
    }

    /** Parses vLLM's form {@code ttft:200,tpot:50,e2el:2000} (milliseconds); errors name {@code where}. */
    public static GoodputSpec parse(String text, String where) {
        double ttft = Double.NaN;
        double tpot = Double.NaN;
        double e2el = Double.NaN;
        String fix = "write e.g. ttft:200,tpot:50 (milliseconds; keys ttft, tpot, e2el).";
        for (String part : text.split("[,\\s]+")) {
            if (part.isBlank()) {
                continue;
            }
            String[] kv = part.split(":", 2);
            double v;
            try {
                v = kv.length == 2 ? Double.parseDouble(kv[1].trim()) : Double.NaN;
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new InputException(where, null, "'" + part + "' is not KEY:MILLISECONDS.", fix);
            }
            switch (kv[0].trim().toLowerCase(Locale.ROOT)) {
                case "ttft" -> ttft = v;
                case "tpot" -> tpot = v;
                case "e2el" -> e2el = v;
                default -> throw new InputException(where, null, "unknown objective '" + kv[0] + "'.", fix);
            }
        }
        try {
            return new GoodputSpec(ttft, tpot, e2el);
        } catch (IllegalArgumentException e) {
            throw new InputException(where, null, e.getMessage() + ".", fix);
        }
    }

    /** vLLM's form, for reports. */
    public String text() {
        StringBuilder b = new StringBuilder();
        append(b, "ttft", ttftMs);
        append(b, "tpot", tpotMs);
        append(b, "e2el", e2elMs);
        return b.toString();
    }

    private static void append(StringBuilder b, String key, double v) {
        if (!Double.isNaN(v)) {
            b.append(b.length() == 0 ? "" : ",").append(key).append(':').append(v == Math.rint(v)
                    ? Long.toString((long) v) : Double.toString(v));
        }
    }
}
