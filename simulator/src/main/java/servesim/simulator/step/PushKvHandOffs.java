package servesim.simulator.step;

import servesim.simulator.disagg.Disaggregation;
import servesim.simulator.instance.Instance;

/** A prefill instance that pushes KV: each step it starts also starts the hand-offs of the prompts it completes. */
public final class PushKvHandOffs implements StepDriver {
    private final StepDriver inner;
    private final Disaggregation disaggregation;

    public PushKvHandOffs(StepDriver inner, Disaggregation disaggregation) {
        this.inner = inner;
        this.disaggregation = disaggregation;
    }

    @Override
    public boolean start(Instance in) {
        boolean started = inner.start(in);
        if (started) {
            disaggregation.stepStarted(in);
        }
        return started;
    }
}
