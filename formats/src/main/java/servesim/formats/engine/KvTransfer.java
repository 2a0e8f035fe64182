package servesim.formats.engine;

import java.util.Locale;
import servesim.models.InputException;

/** How a disaggregated prompt's KV reaches the decode instance ({@code kv_transfer}). */
public enum KvTransfer {
    /** vLLM's NixlConnector (the default): the decode instance reads the KV once the request reaches it. */
    PULL,
    /** P2pNcclConnector: the prefill instance sends each layer's KV while its step runs. */
    PUSH;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static KvTransfer parse(String text, String source, String field) {
        for (KvTransfer t : values()) {
            if (t.label().equals(text)) {
                return t;
            }
        }
        throw new InputException(source, field, "unknown kv_transfer '" + text + "'.",
                "use pull (NixlConnector: the decode instance reads the KV) or push (P2pNcclConnector: the "
                + "prefill instance sends it layer by layer).");
    }
}
