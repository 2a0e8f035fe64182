package servesim.formats.workload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic agentic sessions, for what-ifs: sessions start as a Poisson process at {@code sessionsPerSec}; each
 * makes a log-normal number of LLM calls (turns); the first prompt has {@code firstInputMedian} tokens, every later
 * prompt is the previous prompt and answer plus {@code turnInputMedian} new tokens (a tool's result); answers have
 * {@code outputMedian} tokens; between turns the tool runs for a log-normal time of median {@code toolMedianMs}.
 * All lengths log-normal with {@code sigma}; prompts are capped at {@code maxContext} (the session ends there).
 * Nothing is calibrated: every parameter is the user's. Same parameters and seed, same sessions.
 */
public record SyntheticAgentic(int sessions, double sessionsPerSec, double turnsMedian, int turnsMax,
                               double firstInputMedian, double turnInputMedian, double outputMedian, double sigma,
                               double toolMedianMs, double toolSigma, int maxContext, long seed)
        implements WorkloadGenerator {
    public SyntheticAgentic {
        if (sessions < 1 || !(sessionsPerSec > 0) || !(turnsMedian >= 1) || turnsMax < 1 || !(firstInputMedian >= 1)
                || !(turnInputMedian >= 1) || !(outputMedian >= 1) || sigma < 0 || !(toolMedianMs >= 0)
                || toolSigma < 0 || maxContext < 2) {
            throw new IllegalArgumentException("synthetic agentic parameters out of range");
        }
    }

    @Override
    public int requests() {
        return sessions;
    }

    /** {@code n} sessions (all their turns). */
    @Override
    public List<WorkloadRequest> generate(int n) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int[] fresh = {AgenticSessions.FRESH_IDS};
        List<WorkloadRequest> out = new ArrayList<>();
        double t = 0;
        for (int s = 0; s < n; s++) {
            t += -Math.log(1 - rnd.nextDouble()) / sessionsPerSec;
            long arrival = Math.round(t * 1e9);
            int turns = SyntheticWorkload.logNormal(rnd, turnsMedian, sigma, turnsMax);
            List<long[]> lengths = new ArrayList<>();
            int context = 0;
            for (int k = 0; k < turns; k++) {
                int add = SyntheticWorkload.logNormal(rnd, k == 0 ? firstInputMedian : turnInputMedian, sigma,
                        maxContext);
                int in = context + add;
                int o = SyntheticWorkload.logNormal(rnd, outputMedian, sigma, maxContext);
                long toolNs = Math.round(toolMedianMs * 1e6 * Math.exp(toolSigma * normal(rnd)));
                if (in + o > maxContext) {
                    break;
                }
                lengths.add(new long[] {in, o, toolNs});
                context = in + o;
            }
            if (lengths.isEmpty()) {
                lengths.add(new long[] {Math.min(maxContext - 1, (int) firstInputMedian), 1, 0});
            }
            int[] ctx = new int[0];
            for (int k = 0; k < lengths.size(); k++) {
                int in = (int) lengths.get(k)[0];
                int o = (int) lengths.get(k)[1];
                int[] ids = new int[in];
                int reuse = Math.min(ctx.length, in);
                System.arraycopy(ctx, 0, ids, 0, reuse);
                for (int i = reuse; i < in; i++) {
                    ids[i] = fresh[0]++;
                }
                int[] outIds = new int[o];
                for (int i = 0; i < o; i++) {
                    outIds[i] = fresh[0]++;
                }
                ctx = new int[in + o];
                System.arraycopy(ids, 0, ctx, 0, in);
                System.arraycopy(outIds, 0, ctx, in, o);
                long toolNs = k == lengths.size() - 1 ? 0 : lengths.get(k)[2];
                out.add(new WorkloadRequest(arrival, in, o, ids, outIds, new WorkloadRequest.SessionTurn(s,
                        "session" + s, k, lengths.size(), toolNs)));
            }
        }
        return out;
    }

    private static double normal(SplittableRandom rnd) {
        double u1 = 1 - rnd.nextDouble();
        double u2 = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    @Override
    public String key() {
        return "synthetic_agentic";
    }

    @Override
    public Map<String, Object> asSettings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessions", sessions);
        m.put("rate", sessionsPerSec);
        m.put("turns_median", turnsMedian);
        m.put("turns_max", turnsMax);
        m.put("first_input_median", firstInputMedian);
        m.put("turn_input_median", turnInputMedian);
        m.put("output_median", outputMedian);
        m.put("sigma", sigma);
        m.put("tool_ms_median", toolMedianMs);
        m.put("tool_sigma", toolSigma);
        m.put("max_context", maxContext);
        m.put("seed", seed);
        return m;
    }
}
