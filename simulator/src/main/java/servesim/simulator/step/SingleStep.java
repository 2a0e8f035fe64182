package servesim.simulator.step;

import servesim.simulator.instance.Instance;

/** One step at a time: plan, cost, run; the next step is planned when this one ends. */
public final class SingleStep implements StepDriver {
    /** When a started step ends: after its compute time, or later when its weights must arrive first. */
    public interface Completion {
        void schedule(Instance in, long nowNs, long computeNs);
    }

    private final StepContext ctx;
    private final Completion completion;

    public SingleStep(StepContext ctx) {
        this(ctx, (in, now, d) -> ctx.stepEndsAt(in, now + d));
    }

    public SingleStep(StepContext ctx, Completion completion) {
        this.ctx = ctx;
        this.completion = completion;
    }

    @Override
    public boolean start(Instance in) {
        long now = ctx.now();
        long d = in.startStep(now);
        if (d <= 0) {
            return false;
        }
        completion.schedule(in, now, d);
        ctx.listeners().stepStarted(in, now, in.stepActiveWatts());
        ctx.pimWork(in, now, now + d);
        return true;
    }
}
