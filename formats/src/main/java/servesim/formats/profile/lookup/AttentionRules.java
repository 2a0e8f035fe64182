package servesim.formats.profile.lookup;

/**
 * How a profile's attention rows combine, declared in its metadata by the source that wrote it.
 *
 * <p>{@link #MIXED} = {@link #MIXED_SUM}: the profile has prefill-only and decode-only rows and no mixed grid; a
 * batch holding both costs the sum of its prefill-only and decode-only lookups (LLMServingSim v1.0's rule, which
 * times the two parts as separate kernels). Without the key a mixed batch needs the profile's mixed grid.
 */
public final class AttentionRules {
    /** Metadata key. */
    public static final String MIXED = "attention.mixed";
    /** Mixed batches cost prefill-only plus decode-only. */
    public static final String MIXED_SUM = "sum";

    private AttentionRules() {
    }
}
