package servesim.simulator;

/**
 * A run that cannot finish: simulated time passed the horizon its outputs can cover, or stopped advancing. The message
 * names the cause and the state of every instance's queues; the CLI reports it as bad input (exit 2), since the
 * scenario as given cannot be simulated.
 */
public final class RunStalledException extends IllegalStateException {
    public RunStalledException(String message) {
        super(message);
    }
}
