package servesim.simulator.metrics;

import java.util.List;
import servesim.formats.results.RequestRecord;
import servesim.formats.scenario.GoodputSpec;
import servesim.models.Units;

/**
 * Goodput as {@code vllm bench serve --goodput} computes it: a request is good when it meets every objective given
 * (TTFT from the client's send; TPOT over the tokens after the first, 0 for one-token outputs; end-to-end latency);
 * goodput is good requests per second of the run. Attainment is the share of requests meeting each objective
 * (NaN for an objective not given).
 *
 * @param good           requests meeting every objective
 * @param requestGoodput good requests per second
 * @param attainment     share meeting every objective
 */
public record GoodputReport(GoodputSpec spec, int good, double requestGoodput, double ttftAttainment,
                            double tpotAttainment, double e2elAttainment, double attainment) {

    public static GoodputReport of(GoodputSpec spec, List<RequestRecord> records, double durationS) {
        int good = 0;
        int ttft = 0;
        int tpot = 0;
        int e2el = 0;
        for (RequestRecord r : records) {
            boolean a = meets(spec.ttftMs(), r.ttftNs() / Units.NS_PER_MS);
            boolean b = meets(spec.tpotMs(), r.outputTokens() > 1 ? r.tpotNs() / Units.NS_PER_MS : 0);
            boolean c = meets(spec.e2elMs(), r.e2eNs() / Units.NS_PER_MS);
            ttft += a ? 1 : 0;
            tpot += b ? 1 : 0;
            e2el += c ? 1 : 0;
            good += a && b && c ? 1 : 0;
        }
        double n = records.size();
        return new GoodputReport(spec, good, good / durationS, share(spec.ttftMs(), ttft, n),
                share(spec.tpotMs(), tpot, n), share(spec.e2elMs(), e2el, n), good / n);
    }

    private static boolean meets(double slo, double value) {
        return Double.isNaN(slo) || value <= slo;
    }

    private static double share(double slo, int meeting, double n) {
        return Double.isNaN(slo) ? Double.NaN : meeting / n;
    }
}
