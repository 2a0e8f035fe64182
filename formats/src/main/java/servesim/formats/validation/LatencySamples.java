package servesim.formats.validation;

/**
 * Per-request latencies of one run, in milliseconds, measured the same way for a real and a simulated run.
 *
 * @param ttftMs    time to first token per request
 * @param tpotMs    time per output token after the first, per request with more than one output
 * @param latencyMs end-to-end latency per request
 * @param origin    "queued" when times run from the engine's queueing of the request (engine-side logs),
 *                  "arrival" when from the client's send (vllm bench serve)
 */
public record LatencySamples(double[] ttftMs, double[] tpotMs, double[] latencyMs, String origin) {
}
