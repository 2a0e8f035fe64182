package servesim.simulator.metrics;

import java.util.Arrays;
import servesim.models.Units;
import servesim.simulator.instance.Instance;
import servesim.simulator.instance.Role;
import servesim.simulator.observe.SimulationListener;

/**
 * Output tokens per whole second since the first request was sent, as {@code vllm bench serve} buckets them for
 * {@code max_output_tokens_per_s}. Counts the tokens the client receives (a prefill instance's token is its
 * engine's, not the client's).
 */
public final class PeakRates implements SimulationListener {
    private final long startNs;
    private long nowNs;
    private long[] perSecond = new long[64];

    /** @param startNs when the first request is sent */
    public PeakRates(long startNs) {
        this.startNs = startNs;
    }

    @Override
    public void advance(long now) {
        nowNs = now;
    }

    @Override
    public void tokenSampled(Instance in) {
        if (in.role() == Role.PREFILL) {
            return;
        }
        int bucket = (int) ((nowNs - startNs) / (long) Units.NS_PER_S);
        if (bucket >= perSecond.length) {
            perSecond = Arrays.copyOf(perSecond, Math.max(bucket + 1, 2 * perSecond.length));
        }
        perSecond[bucket]++;
    }

    /** The most output tokens in one second. */
    public long maxTokensPerSecond() {
        long max = 0;
        for (long v : perSecond) {
            max = Math.max(max, v);
        }
        return max;
    }
}
