package servesim.models;

/**
 * The unit conversions every module uses, in one place. Simulated time is in nanoseconds; memory sizes in configs
 * are GiB (2^30 bytes) and reports give MiB (2^20 bytes) where vLLM's logs do.
 */
public final class Units {
    /** Nanoseconds per second. */
    public static final double NS_PER_S = 1e9;
    /** Nanoseconds per millisecond. */
    public static final double NS_PER_MS = 1e6;
    /** Bytes per GiB. */
    public static final long GIB = 1L << 30;
    /** Bytes per MiB. */
    public static final long MIB = 1L << 20;

    private Units() {
    }
}
