package servesim.simulator.instance;

/** What an instance serves under prefill/decode disaggregation. */
public enum Role {
    /** Prefill and decode (no disaggregation). */
    BOTH,
    /** Prompts only: after the first token the request's KV moves to a decode instance. */
    PREFILL,
    /** Generation only: requests arrive with their prompt's KV from a prefill instance. */
    DECODE;

    /** The role for LLMServingSim's {@code pd_type} (null, "prefill", "decode"). */
    public static Role of(String pdType) {
        if (pdType == null) {
            return BOTH;
        }
        return pdType.equals("prefill") ? PREFILL : DECODE;
    }

    public boolean takesArrivals() {
        return this != DECODE;
    }
}
