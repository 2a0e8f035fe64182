package servesim.profiler;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a profiling run wrote.
 *
 * @param profiles    TP degree to profile file, for the degrees completed
 * @param complete    false when {@code maxPoints} stopped the run early (resume it with the journal)
 * @param measured    new points measured by this run
 * @param reused      points taken from the journal
 * @param skipped     points skipped for the memory budget
 * @param heldOutMedianErrPct median absolute error of interpolation at held-out points (NaN if none)
 * @param heldOutMaxErrPct    largest such error
 * @param seconds     wall time
 */
public record ProfilerResult(Map<Integer, Path> profiles, boolean complete, int measured, int reused, int skipped,
                             double heldOutMedianErrPct, double heldOutMaxErrPct, double seconds) {
}
