package servesim.simulator.events;

/** The flow network's next completion check; stale versions are ignored by the network. */
public record NetworkCheck(long version) implements SimEvent {
    public static final int PHASE = 2;

    @Override
    public int phase() {
        return PHASE;
    }

    @Override
    public void dispatch(EventHandler h) {
        h.networkCheck(version);
    }
}
