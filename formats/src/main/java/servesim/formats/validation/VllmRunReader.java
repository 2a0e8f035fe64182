package servesim.formats.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import servesim.models.InputException;

/**
 * Reads what a real vLLM run measured, in either of two forms:
 * <ul>
 *   <li>LLMServingSim's bench {@code requests.jsonl} (engine timestamps, seconds on the engine's monotonic
 *       clock): TTFT = first_token_ts - queued_ts; TPOT = (last_token_ts - first_token_ts) / (output - 1);
 *       latency = last_token_ts - queued_ts;</li>
 *   <li>a {@code vllm bench serve} result JSON saved with per-request details ({@code ttfts}, {@code itls},
 *       {@code output_lens}, seconds): TTFT from the client's send; TPOT from the request's ITLs; latency =
 *       TTFT + sum of ITLs.</li>
 * </ul>
 */
public final class VllmRunReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private VllmRunReader() {
    }

    /** The vLLM bench keys a result JSON may carry: mean, median, std and percentiles of TTFT, TPOT, ITL, E2EL. */
    public static final java.util.List<String> BENCH_KEYS;

    static {
        java.util.List<String> keys = new ArrayList<>();
        for (String metric : new String[] {"ttft", "tpot", "itl", "e2el"}) {
            for (String stat : new String[] {"mean", "median", "std", "p50", "p90", "p95", "p99", "p99.9"}) {
                keys.add(stat + "_" + metric + "_ms");
            }
        }
        BENCH_KEYS = java.util.List.copyOf(keys);
    }

    /**
     * The summary statistics a {@code vllm bench serve} result JSON holds (its {@code mean_ttft_ms},
     * {@code p99_tpot_ms}, ... keys, from the client's send), in file order; an error naming the file when it has
     * none.
     */
    public static java.util.Map<String, Double> benchSummary(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file, null, "not readable JSON (" + e.getMessage().split("\n")[0] + ").",
                    "pass a vllm bench serve result JSON.");
        }
        java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
        if (root != null && root.isObject()) {
            for (String k : BENCH_KEYS) {
                JsonNode v = root.get(k);
                if (v != null && v.isNumber()) {
                    out.put(k, v.asDouble());
                }
            }
        }
        if (out.isEmpty()) {
            throw new InputException(file, null, "holds none of vllm bench's latency keys (mean_ttft_ms, ...).",
                    "pass the JSON that vllm bench serve --save-result wrote.");
        }
        return out;
    }

    /** True when a bench result JSON carries per-request details (ttfts, itls, output_lens). */
    public static boolean hasDetails(Path file) {
        try {
            JsonNode root = JSON.readTree(file.toFile());
            return root != null && root.has("ttfts") && root.has("itls") && root.has("output_lens");
        } catch (IOException e) {
            return false;
        }
    }

    public static LatencySamples read(Path file) {
        if (file.toString().endsWith(".jsonl")) {
            return requestsJsonl(file);
        }
        return benchServe(file);
    }

    private static LatencySamples requestsJsonl(Path file) {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode j;
                try {
                    j = JSON.readTree(line);
                } catch (IOException e) {
                    throw new InputException(file, "line " + n, "not valid JSON.", "fix the line.");
                }
                double queued = num(j, "queued_ts", file, n);
                double first = num(j, "first_token_ts", file, n);
                double last = num(j, "last_token_ts", file, n);
                double out = num(j, "output_toks", file, n);
                rows.add(new double[] {(first - queued) * 1e3, out > 1 ? (last - first) / (out - 1) * 1e3 : -1,
                    (last - queued) * 1e3});
            }
        } catch (IOException e) {
            throw new InputException(file, null, "cannot read (" + e.getMessage() + ").", "check the path.");
        }
        return samples(rows, "queued");
    }

    private static LatencySamples benchServe(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file, null, "not readable JSON (" + e.getMessage().split("\n")[0] + ").",
                    "pass a vllm bench serve result JSON or an LLMServingSim requests.jsonl.");
        }
        JsonNode ttfts = root.get("ttfts");
        JsonNode itls = root.get("itls");
        JsonNode outs = root.get("output_lens");
        if (ttfts == null || itls == null || outs == null || !ttfts.isArray()) {
            throw new InputException(file, "fields 'ttfts', 'itls', 'output_lens'", "missing: the result was saved "
                    + "without per-request details.", "rerun vllm bench serve with --save-result --save-detailed.");
        }
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < ttfts.size(); i++) {
            double ttft = ttfts.get(i).asDouble();
            double sum = 0;
            for (JsonNode x : itls.get(i)) {
                sum += x.asDouble();
            }
            int out = outs.get(i).asInt();
            if (out <= 0) {
                continue; // failed request
            }
            rows.add(new double[] {ttft * 1e3, out > 1 ? sum / (out - 1) * 1e3 : -1, (ttft + sum) * 1e3});
        }
        return samples(rows, "arrival");
    }

    static LatencySamples samples(List<double[]> rows, String origin) {
        double[] ttft = new double[rows.size()];
        double[] lat = new double[rows.size()];
        int nt = (int) rows.stream().filter(r -> r[1] >= 0).count();
        double[] tpot = new double[nt];
        int k = 0;
        for (int i = 0; i < rows.size(); i++) {
            ttft[i] = rows.get(i)[0];
            lat[i] = rows.get(i)[2];
            if (rows.get(i)[1] >= 0) {
                tpot[k++] = rows.get(i)[1];
            }
        }
        return new LatencySamples(ttft, tpot, lat, origin);
    }

    private static double num(JsonNode j, String f, Path file, int line) {
        JsonNode v = j.get(f);
        if (v == null || !v.isNumber()) {
            throw new InputException(file, "line " + line + ", field '" + f + "'", "missing or not a number.",
                    "each line needs queued_ts, first_token_ts, last_token_ts and output_toks.");
        }
        return v.asDouble();
    }
}
