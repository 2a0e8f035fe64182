package servesim.profiler;

/** How operators are timed. */
public enum TimingMode {
    /**
     * Each operator timed inside a whole decoder layer at the point's batch (CPU default): caches and allocator
     * are in the state a real forward pass leaves them, so the profile's sum matches a layer's time.
     */
    IN_LAYER,
    /**
     * Each operator timed alone, short ones repeated back to back, with device synchronisation after each sample
     * (the GPU default, where per-call timing inside a chain would need device events DJL does not expose).
     */
    ISOLATED
}
