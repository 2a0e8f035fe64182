package servesim.simulator.step;

import servesim.simulator.instance.Instance;

/**
 * Pipeline parallelism: a batch enters whenever the first stage is free and fewer batches than stages are in
 * flight; its whole path through the stages is laid out when it enters (see {@link Instance#startPipelinedBatch}).
 * The devices count as computing from the first batch into an idle pipeline until the pipeline empties.
 */
public final class PipelinedStep implements StepDriver {
    private final StepContext ctx;

    public PipelinedStep(StepContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public boolean start(Instance in) {
        long now = ctx.now();
        boolean wasIdle = !in.busy();
        long[] t = in.startPipelinedBatch(now);
        if (t == null) {
            return false;
        }
        ctx.batchEntered(in, now, t, wasIdle, false);
        return true;
    }

    /** A pipeline takes input whenever its first stage can start a batch, busy or not. */
    @Override
    public void arrived(Instance in) {
        in.drainInbox(ctx.now());
        start(in);
    }
}
