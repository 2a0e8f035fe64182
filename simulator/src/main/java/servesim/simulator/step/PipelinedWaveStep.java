package servesim.simulator.step;

import java.util.List;
import servesim.simulator.instance.DataParallelGroup;
import servesim.simulator.instance.Instance;
import servesim.simulator.scheduler.BatchPlan;

/**
 * A lock-step data-parallel group of pipelined members: when every member's first stage is free (their timelines
 * are identical, being laid out together from the start), each plans a batch; every stage runs for the group's
 * slowest member at that stage (the stage's MoE layers exchange tokens across the group), idle members carrying
 * dummy batches.
 */
public final class PipelinedWaveStep implements StepDriver {
    private final StepContext ctx;
    private final DataParallelGroup group;

    public PipelinedWaveStep(StepContext ctx, DataParallelGroup group) {
        this.ctx = ctx;
        this.group = group;
    }

    @Override
    public boolean start(Instance in) {
        long now = ctx.now();
        List<Instance> members = group.members();
        for (Instance m : members) {
            if (!m.canStartPipelinedBatch(now)) {
                return false;
            }
        }
        BatchPlan[] plans = group.plan(now);
        if (plans == null) {
            return false;
        }
        long[] stageNs = group.stageNs(plans);
        for (int i = 0; i < plans.length; i++) {
            Instance m = members.get(i);
            boolean wasIdle = !m.busy();
            long[] t = m.layPipelinedBatch(plans[i], now, stageNs);
            ctx.batchEntered(m, now, t, wasIdle, plans[i].isEmpty());
        }
        return true;
    }

    /** A pipeline takes input whenever its first stage can start a batch, busy or not. */
    @Override
    public void arrived(Instance in) {
        in.drainInbox(ctx.now());
        start(in);
    }
}
