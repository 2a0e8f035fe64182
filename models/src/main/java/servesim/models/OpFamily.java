package servesim.models;

/**
 * How an operator's latency is keyed, which decides the profile columns it uses and its interpolation.
 */
public enum OpFamily {
    /** Keyed by the batch's token count ({@code tokens}); 1-D interpolation. */
    TOKEN,
    /** Keyed by the number of sequences that produce a token this step ({@code sequences}); 1-D. */
    SEQUENCE,
    /** Keyed by {@code prefill_tokens, kv_prefill, decode_seqs, kv_decode}; piecewise-linear in 4-D. */
    ATTENTION,
    /** Keyed by {@code tokens, active_experts} on one expert-parallel rank; 2-D. */
    MOE,
    /** Keyed by message size {@code bytes}; 1-D. */
    COLLECTIVE
}
