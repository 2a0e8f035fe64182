package servesim.simulator.observe;

import servesim.simulator.instance.Instance;

/**
 * Watches a run without steering it: the metrics recorders, the power model and PIM accounting. Whatever a run
 * does not model has no listener, so the loop never asks "is power on?". Every method has an empty default; a
 * listener overrides what it records. Calls arrive in simulated-time order.
 */
public interface SimulationListener {
    /** The clock moves to {@code nowNs}; called before anything changes at that time. */
    default void advance(long nowNs) {
    }

    /**
     * {@code in}'s devices start computing (a step, or the first batch into an idle pipeline).
     *
     * @param watts the step's mean device power measured by the profile, or NaN for the configured figure
     */
    default void stepStarted(Instance in, long nowNs, double watts) {
    }

    /** {@code in}'s devices stop computing; {@code linkBytes} crossed its links during the step. */
    default void stepEnded(Instance in, long nowNs, long linkBytes) {
    }

    /** {@code in}'s PIM channels compute for {@code channelNs} channel-nanoseconds during [start, end). */
    default void pimActive(Instance in, long startNs, long endNs, double channelNs) {
    }

    /**
     * {@code bytes} leave for a transfer over node {@code node}'s links at {@code nowNs}; {@code hostDram}: they
     * are read from or written to the node's host memory.
     */
    default void bytesMoved(int node, long nowNs, long bytes, boolean hostDram) {
    }

    /** {@code in} computed {@code tokens} prompt tokens in the step that just ended. */
    default void promptTokens(Instance in, int tokens) {
    }

    /** {@code in}'s engine sampled one token. */
    default void tokenSampled(Instance in) {
    }

    /** The run ended at {@code endNs}: close open intervals. */
    default void finish(long endNs) {
    }
}
