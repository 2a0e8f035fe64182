package servesim.formats.workload;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import servesim.models.InputException;

/**
 * Reads LLMServingSim 2.0 JSONL workloads: one request per line with {@code input_toks}, {@code output_toks},
 * {@code arrival_time_ns} and optional {@code input_tok_ids}/{@code output_tok_ids}, and agentic sessions
 * ({@code sub_requests}, see {@link AgenticSessions}) mixed with them. Requests are returned in arrival order (stable
 * for ties, so a session's turns stay together, first turn first).
 */
public final class LlmServingSimTraceReader {
    private static final Set<String> KNOWN = Set.of("input_toks", "output_toks", "arrival_time_ns", "input_tok_ids",
            "output_tok_ids");
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private LlmServingSimTraceReader() {
    }

    public static List<WorkloadRequest> read(Path file) {
        List<WorkloadRequest> out = new ArrayList<>();
        int sessions = 0;
        int[] fresh = {AgenticSessions.FRESH_IDS};
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                int lineNo = n;
                if (line.isBlank()) {
                    continue;
                }
                if (AgenticSessions.isSession(line)) {
                    AgenticSessions.turns(tree(line, file, n), sessions++, file, "line " + n, fresh)
                            .forEach(t -> out.add(t.atLine(lineNo)));
                } else {
                    out.add(parse(line, file, n));
                }
            }
        } catch (IOException e) {
            InputException.requireUtf8(file);
            throw new InputException(file, null, "cannot read workload (" + e.getMessage() + ").", "check the path.");
        }
        if (out.isEmpty()) {
            throw new InputException(file, null, "the workload has no requests.", "add JSONL request lines.");
        }
        List<WorkloadRequest> sorted = new ArrayList<>(out);
        sorted.sort((a, b) -> Long.compare(a.arrivalNs(), b.arrivalNs()));
        return sorted;
    }

    private static WorkloadRequest parse(String line, Path file, int n) {
        long arrival = -1;
        int in = -1;
        int outToks = -1;
        int[] inIds = null;
        int[] outIds = null;
        String where = "line " + n;
        try (JsonParser p = JSON.getFactory().createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new InputException(file, where, "expected a JSON object.", "write one request object per line.");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                if (!KNOWN.contains(f)) {
                    throw new InputException(file, where + ", field '" + f + "'", "unknown field.",
                            "LLMServingSim requests have " + String.join(", ", KNOWN) + ".");
                }
                switch (f) {
                    case "arrival_time_ns" -> arrival = integer(p, t, file, where, f);
                    case "input_toks" -> in = TokenCounts.count(integer(p, t, file, where, f), file, where, f);
                    case "output_toks" -> outToks = TokenCounts.count(integer(p, t, file, where, f), file, where, f);
                    case "input_tok_ids" -> inIds = ids(p, t, file, where, f);
                    case "output_tok_ids" -> outIds = ids(p, t, file, where, f);
                    default -> throw new IllegalStateException(f);
                }
            }
            if (p.nextToken() != null) {
                throw new InputException(file, where, "more than one JSON value on the line (text after the request).",
                        "write one request object per line.");
            }
        } catch (IOException e) {
            throw new InputException(file, where, "not valid JSON (" + e.getMessage().split("\n")[0] + ").",
                    "fix the line's JSON.");
        }
        require(arrival >= 0, file, where, "arrival_time_ns", "missing or negative");
        require(in >= 1, file, where, "input_toks", "missing or below 1");
        require(outToks >= 1, file, where, "output_toks", "missing or below 1");
        if (inIds != null && inIds.length != in) {
            throw new InputException(file, where + ", field 'input_tok_ids'", "has " + inIds.length + " ids but "
                    + "input_toks is " + in + ".", "make them agree.");
        }
        if (outIds != null && outIds.length < outToks) {
            throw new InputException(file, where + ", field 'output_tok_ids'", "has " + outIds.length + " ids but "
                    + "output_toks is " + outToks + ".", "make them agree.");
        }
        return new WorkloadRequest(arrival, in, outToks, inIds, outIds, null, n);
    }

    private static com.fasterxml.jackson.databind.JsonNode tree(String line, Path file, int n) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new InputException(file, "line " + n, "not valid JSON (" + e.getMessage().split("\n")[0] + ").",
                    "fix the line's JSON.");
        }
    }

    private static void require(boolean ok, Path file, String where, String field, String problem) {
        if (!ok) {
            throw new InputException(file, where + ", field '" + field + "'", problem + ".",
                    "every request needs arrival_time_ns >= 0, input_toks >= 1 and output_toks >= 1.");
        }
    }

    private static long integer(JsonParser p, JsonToken t, Path file, String where, String f) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw new InputException(file, where + ", field '" + f + "'", "expected a whole number.",
                    "write a whole number.");
        }
        return p.getLongValue();
    }

    private static int[] ids(JsonParser p, JsonToken t, Path file, String where, String f) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw new InputException(file, where + ", field '" + f + "'", "expected a list of token ids.",
                    "write a JSON list of integers.");
        }
        int[] buf = new int[256];
        int n = 0;
        JsonToken x;
        while ((x = p.nextToken()) != JsonToken.END_ARRAY) {
            if (x != JsonToken.VALUE_NUMBER_INT) {
                throw new InputException(file, where + ", field '" + f + "'", "token ids must be integers.",
                        "write a JSON list of integers.");
            }
            if (n == buf.length) {
                buf = java.util.Arrays.copyOf(buf, n * 2);
            }
            buf[n++] = p.getIntValue();
        }
        return java.util.Arrays.copyOf(buf, n);
    }
}
