package servesim.simulator.step;

import servesim.simulator.instance.Instance;
import servesim.simulator.network.Transfers;

/**
 * A step of an instance whose weights sit partly on other memory tiers: they are read over the tier's link and
 * the instance's port before the step computes (serially: a layer cannot run before its weights arrive), sharing
 * those links with every other transfer; the step ends its compute time after the last of them arrives.
 */
public final class StreamedWeights implements SingleStep.Completion {
    private final StepContext ctx;
    private final Transfers transfers;

    public StreamedWeights(StepContext ctx, Transfers transfers) {
        this.ctx = ctx;
        this.transfers = transfers;
    }

    @Override
    public void schedule(Instance in, long nowNs, long computeNs) {
        int[] pending = {in.streamedWeights().size()};
        in.streamedWeights().keySet().forEach(tier -> transfers.weights(in, tier, in.stepStreamBytes(tier), t -> {
            if (--pending[0] == 0) {
                in.delayEnd(t + computeNs);
                ctx.stepEndsAt(in, t + computeNs);
            }
        }));
    }
}
