package servesim.aiconfigurator;

/**
 * How an imported point was obtained, from most to least direct; a point built from several parts takes the
 * least direct of them. Written to each row's {@code label}.
 */
enum Provenance {
    /** A row of AIConfigurator's table, as measured (after its speed-of-light clamp). */
    MEASURED("measured"),
    /** Between measured rows of the same kernel shape (AIConfigurator's own interpolation rules). */
    INTERPOLATED("interpolated"),
    /**
     * An attention point faster than its bytes can move at peak device-memory bandwidth (or, for a chunk over a
     * prefix, than the chunk alone), raised to that floor: the collector replays one kernel on the same KV cache,
     * which then sits in L2, and the prefix correction scales work only; in a serving loop every layer's weights
     * pass through L2 between two attention calls, so the cache comes from DRAM.
     */
    FLOORED("floored"),
    /** Outside the measured rows: utilisation carried over from the nearest measured shapes. */
    ESTIMATED("estimated"),
    /** No table: AIConfigurator's analytic memory-operation formula (bytes over bandwidth plus a constant). */
    ANALYTIC("analytic");

    final String label;

    Provenance(String label) {
        this.label = label;
    }

    Provenance worst(Provenance other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
