package servesim.simulator.observe;

import servesim.simulator.instance.Instance;
import servesim.simulator.instance.Role;

/** Reports a run's progress as the share of its output tokens generated (every 1%). */
public final class TokenProgress implements SimulationListener {
    private final Progress progress;
    private final long total;
    private long done;
    private long next;

    public TokenProgress(Progress progress, long totalOutputTokens, String what) {
        this.progress = progress;
        this.total = Math.max(1, totalOutputTokens);
        progress.start(what, 100);
    }

    @Override
    public void tokenSampled(Instance in) {
        if (in.role() == Role.PREFILL) {
            return;
        }
        if (++done >= next) {
            next = done + total / 100;
            progress.step(Math.min(100, done * 100 / total));
        }
    }

    @Override
    public void finish(long endNs) {
        progress.step(100);
        progress.finish();
    }
}
