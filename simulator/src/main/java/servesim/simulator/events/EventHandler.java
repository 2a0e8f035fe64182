package servesim.simulator.events;

import servesim.simulator.request.Request;

/** What the simulation does with each kind of event (the kernel implements it). */
public interface EventHandler {
    void arrival(Request r);

    void stepEnd(int instance);

    void stageFree(int instance);

    void batchDone(int instance);

    void networkCheck(long version);
}
