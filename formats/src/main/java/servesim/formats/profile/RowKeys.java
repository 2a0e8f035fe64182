package servesim.formats.profile;

/**
 * The key columns of a profile row; null where the operator's family does not use the column.
 * See {@code docs/profile-format.md} for which family uses which.
 */
public record RowKeys(Long tokens, Long sequences, Long prefillTokens, Long kvPrefill, Long decodeSeqs,
                      Long kvDecode, Long activeExperts, Long bytes) {
    public static final RowKeys NONE = new RowKeys(null, null, null, null, null, null, null, null);

    public static RowKeys tokens(long t) {
        return new RowKeys(t, null, null, null, null, null, null, null);
    }

    public static RowKeys sequences(long s) {
        return new RowKeys(null, s, null, null, null, null, null, null);
    }

    public static RowKeys attention(long pc, long kp, long nd, long kvd) {
        return new RowKeys(null, null, pc, kp, nd, kvd, null, null);
    }

    public static RowKeys moe(long tokens, long experts) {
        return new RowKeys(tokens, null, null, null, null, null, experts, null);
    }

    public static RowKeys bytes(long b) {
        return new RowKeys(null, null, null, null, null, null, null, b);
    }
}
