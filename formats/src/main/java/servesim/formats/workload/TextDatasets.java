package servesim.formats.workload;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import servesim.models.InputException;

/**
 * Text datasets, tokenized with the model's tokenizer (no special tokens) into requests with token ids, so prefix
 * caching sees shared text:
 * <ul>
 *   <li>{@code sharegpt}: ShareGPT's JSON, a list of {@code {conversations: [{from, value}, ...]}}; the prompt is the
 *       first {@code human} turn. The output length is the entry's {@code output_tokens} when given, else the
 *       tokens of the reply that follows the prompt (as {@code vllm bench --dataset-name sharegpt} does);
 *       {@code arrival_time_ns} when given (re-time with {@code request_rate} otherwise). Conversations without a
 *       prompt, or without a reply or output length, are left out.</li>
 *   <li>{@code prompts}: JSONL, one {@code {"prompt": ..., "output_tokens": N}} per line, optional
 *       {@code arrival_time_ns}.</li>
 * </ul>
 */
final class TextDatasets {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private TextDatasets() {
    }

    static List<WorkloadRequest> sharegpt(Path file, Supplier<TextTokenizer> tokenizer) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            InputException.requireUtf8(file);
            throw new InputException(file, null, "not readable JSON (" + e.getMessage().split("\n")[0] + ").",
                    "give ShareGPT's JSON: a list of {conversations: [{from, value}, ...]}.");
        }
        if (root == null || !root.isArray()) {
            throw new InputException(file, null, "not a list of conversations.",
                    "give ShareGPT's JSON: a list of {conversations: [{from, value}, ...]}.");
        }
        TextTokenizer tok = tokenizer.get();
        List<WorkloadRequest> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode c = root.get(i);
            JsonNode turns = c.path("conversations");
            int human = -1;
            for (int t = 0; t < turns.size(); t++) {
                if (turns.get(t).path("from").asText().equals("human")) {
                    human = t;
                    break;
                }
            }
            if (human < 0 || turns.get(human).path("value").asText().isEmpty()) {
                continue;
            }
            int[] ids = tok.encode(turns.get(human).path("value").asText());
            int output;
            if (c.has("output_tokens")) {
                output = c.get("output_tokens").asInt();
            } else if (human + 1 < turns.size()) {
                output = tok.encode(turns.get(human + 1).path("value").asText()).length;
            } else {
                continue;
            }
            if (ids.length < 1 || output < 1) {
                continue;
            }
            if (c.has("input_tokens") && c.get("input_tokens").asInt() != ids.length) {
                throw new InputException(file, "[" + i + "].input_tokens", "says " + c.get("input_tokens").asInt()
                        + " tokens but the tokenizer gives " + ids.length + ".",
                        "use the tokenizer of the model the dataset was made for.");
            }
            TokenCounts.count(output, file, "[" + i + "]", "output_tokens");
            out.add(new WorkloadRequest(arrival(c.path("arrival_time_ns").asLong(0), file, "[" + i + "]"), ids.length,
                    output, ids, null, null, i + 1));
        }
        if (out.isEmpty()) {
            throw new InputException(file, null, "no conversation with a prompt and an output length.",
                    "check the file's layout.");
        }
        return sorted(out);
    }

    static List<WorkloadRequest> prompts(Path file, Supplier<TextTokenizer> tokenizer) {
        TextTokenizer tok = tokenizer.get();
        List<WorkloadRequest> out = new ArrayList<>();
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
                    throw new InputException(file, "line " + n, "not a JSON object.",
                            "write {\"prompt\": \"...\", \"output_tokens\": 128} per line.");
                }
                if (!j.path("prompt").isTextual() || !(j.path("output_tokens").asInt(0) >= 1)) {
                    throw new InputException(file, "line " + n, "needs a text 'prompt' and a positive "
                            + "'output_tokens'.", "write {\"prompt\": \"...\", \"output_tokens\": 128}.");
                }
                int[] ids = tok.encode(j.get("prompt").asText());
                if (ids.length == 0) {
                    throw new InputException(file, "line " + n, "the prompt is empty.", "give it text.");
                }
                out.add(new WorkloadRequest(arrival(j.path("arrival_time_ns").asLong(0), file, "line " + n), ids.length,
                        TokenCounts.count(j.get("output_tokens").asLong(), file, "line " + n, "output_tokens"), ids,
                        null, null, n));
            }
        } catch (IOException e) {
            InputException.requireUtf8(file);
            throw new InputException(file, null, "cannot read (" + e.getMessage() + ").", "check the path.");
        }
        if (out.isEmpty()) {
            throw new InputException(file, null, "no prompts.", "add JSONL lines.");
        }
        return sorted(out);
    }

    private static long arrival(long ns, Path file, String where) {
        if (ns < 0) {
            throw new InputException(file, where + ", field 'arrival_time_ns'", "negative.", "use ns >= 0.");
        }
        return ns;
    }

    private static List<WorkloadRequest> sorted(List<WorkloadRequest> w) {
        List<WorkloadRequest> s = new ArrayList<>(w);
        s.sort((a, b) -> Long.compare(a.arrivalNs(), b.arrivalNs()));
        return s;
    }
}
