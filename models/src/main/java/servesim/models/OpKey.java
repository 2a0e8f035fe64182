package servesim.models;

/**
 * The point at which an operator's latency is asked for or was measured. Fields a family does not use are 0.
 *
 * @param tokens        tokens in the batch (TOKEN ops) or routed to the rank (MOE)
 * @param sequences     sequences producing a token this step (SEQUENCE ops)
 * @param prefillTokens prefill tokens in the batch (ATTENTION)
 * @param kvPrefill     KV prefix already cached for the prefill chunk (ATTENTION)
 * @param decodeSeqs    decode sequences in the batch (ATTENTION)
 * @param kvDecode      KV length of each decode sequence (ATTENTION)
 * @param activeExperts distinct experts activated on the rank (MOE)
 * @param bytes         message size (COLLECTIVE)
 */
public record OpKey(long tokens, long sequences, long prefillTokens, long kvPrefill, long decodeSeqs,
                    long kvDecode, long activeExperts, long bytes) {

    public OpKey {
        if (tokens < 0 || sequences < 0 || prefillTokens < 0 || kvPrefill < 0 || decodeSeqs < 0 || kvDecode < 0
                || activeExperts < 0 || bytes < 0) {
            throw new IllegalArgumentException("negative operator key: " + tokensString(tokens, sequences,
                    prefillTokens, kvPrefill, decodeSeqs, kvDecode, activeExperts, bytes));
        }
    }

    public static OpKey tokens(long tokens) {
        return new OpKey(tokens, 0, 0, 0, 0, 0, 0, 0);
    }

    public static OpKey sequences(long sequences) {
        return new OpKey(0, sequences, 0, 0, 0, 0, 0, 0);
    }

    public static OpKey attention(long prefillTokens, long kvPrefill, long decodeSeqs, long kvDecode) {
        return new OpKey(0, 0, prefillTokens, kvPrefill, decodeSeqs, kvDecode, 0, 0);
    }

    public static OpKey moe(long tokens, long activeExperts) {
        return new OpKey(tokens, 0, 0, 0, 0, 0, activeExperts, 0);
    }

    public static OpKey bytes(long bytes) {
        return new OpKey(0, 0, 0, 0, 0, 0, 0, bytes);
    }

    /** The key's coordinates along the axes of {@code family}, in the profile's column order. */
    public long[] axes(OpFamily family) {
        return switch (family) {
            case TOKEN -> new long[] {tokens};
            case SEQUENCE -> new long[] {sequences};
            case ATTENTION -> new long[] {prefillTokens, kvPrefill, decodeSeqs, kvDecode};
            case MOE -> new long[] {tokens, activeExperts};
            case COLLECTIVE -> new long[] {bytes};
        };
    }

    private static String tokensString(long... v) {
        return java.util.Arrays.toString(v);
    }
}
