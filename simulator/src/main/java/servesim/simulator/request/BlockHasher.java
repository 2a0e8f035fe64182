package servesim.simulator.request;

/**
 * Chained 64-bit hashes of KV blocks, as vLLM's prefix cache keys blocks: a block's hash covers its parent's
 * hash and its own token ids, so equal hashes mean equal prefixes. servesim uses a SplitMix64-style mix (not
 * vLLM's SHA-256): only equality matters here, and a 64-bit collision among the blocks of one run is negligible
 * (about n^2 / 2^65).
 */
public final class BlockHasher {
    /** Parent hash of the first block. */
    public static final long ROOT = 0x9E3779B97F4A7C15L;

    public long hash(long parent, Request r, int start, int length) {
        long h = parent;
        for (int i = 0; i < length; i++) {
            h = mix(h ^ (r.tokenId(start + i) & 0xFFFFFFFFL) + 0x632BE59BD9B4E019L * (i + 1));
        }
        return h;
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
