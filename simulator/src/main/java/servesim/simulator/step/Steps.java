package servesim.simulator.step;

import servesim.simulator.instance.Instance;

/** Each instance's step driver, by instance id. */
public final class Steps {
    private final StepDriver[] drivers;

    public Steps(int instances) {
        this.drivers = new StepDriver[instances];
    }

    public void install(Instance in, StepDriver driver) {
        drivers[in.id()] = driver;
    }

    /** After a step or stage ends: start what {@code in} can. */
    public void drive(Instance in) {
        drivers[in.id()].start(in);
    }

    /** Something {@code in} waited for arrived: an idle instance starts a step. */
    public void wake(Instance in) {
        if (!in.busy()) {
            drivers[in.id()].start(in);
        }
    }

    /** A request was routed to {@code in}. */
    public void arrived(Instance in) {
        drivers[in.id()].arrived(in);
    }
}
