package servesim.simulator.step;

import java.util.List;
import servesim.simulator.instance.DataParallelGroup;
import servesim.simulator.instance.Instance;
import servesim.simulator.scheduler.BatchPlan;

/**
 * A lock-step data-parallel group: a wave starts when all its members are idle; every member plans its batch, the
 * group's tokens (padded to the largest batch) reach the execution models, and every member, idle ones running a
 * dummy batch, ends at the slowest member's time.
 */
public final class WaveStep implements StepDriver {
    private final StepContext ctx;
    private final DataParallelGroup group;

    public WaveStep(StepContext ctx, DataParallelGroup group) {
        this.ctx = ctx;
        this.group = group;
    }

    @Override
    public boolean start(Instance in) {
        if (group.inWave()) {
            return false;
        }
        long now = ctx.now();
        List<Instance> members = group.members();
        BatchPlan[] plans = group.plan(now);
        if (plans == null) {
            return false;
        }
        long wave = group.waveNs(plans);
        for (int i = 0; i < plans.length; i++) {
            Instance m = members.get(i);
            boolean dummy = plans[i].isEmpty();
            m.beginStep(plans[i], now, wave);
            ctx.stepEndsAt(m, now + wave);
            ctx.listeners().stepStarted(m, now, dummy ? Double.NaN : m.stepActiveWatts());
            if (!dummy) {
                ctx.pimWork(m, now, now + wave);
            }
        }
        return true;
    }
}
