package servesim.formats.profile.lookup;

import java.util.List;

/** One operator's compiled latency table. */
interface OperatorTable {
    /** Latency in microseconds at {@code key} (coordinates in the family's axis order). */
    double latencyUs(long[] key, LookupWarnings warnings);

    /** The grids behind the table, for reports. */
    List<GridTable> grids();
}
