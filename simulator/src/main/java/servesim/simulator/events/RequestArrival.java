package servesim.simulator.events;

import servesim.simulator.request.Request;

/** A client sends a request. */
public record RequestArrival(Request request) implements SimEvent {
    public static final int PHASE = 1;

    @Override
    public int phase() {
        return PHASE;
    }

    @Override
    public void dispatch(EventHandler h) {
        h.arrival(request);
    }
}
