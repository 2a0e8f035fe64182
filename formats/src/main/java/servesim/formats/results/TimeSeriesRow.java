package servesim.formats.results;

/**
 * One tick of the run's time series (vLLM's logged metrics, per tick).
 *
 * @param tSec               end of the tick, seconds from the start
 * @param promptTokensPerSec prompt tokens computed in the tick, per second
 * @param genTokensPerSec    output tokens produced in the tick, per second
 * @param running            running requests at the tick's end
 * @param waiting            waiting requests at the tick's end
 * @param kvCachePct         KV blocks in use at the tick's end, percent of capacity
 */
public record TimeSeriesRow(double tSec, double promptTokensPerSec, double genTokensPerSec, int running, int waiting,
                            double kvCachePct) {
}
