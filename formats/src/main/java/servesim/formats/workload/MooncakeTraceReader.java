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
import servesim.models.InputException;

/**
 * Reads Mooncake traces (FAST'25 release): JSON lines with {@code timestamp} (ms), {@code input_length},
 * {@code output_length} and {@code hash_ids}, one id per 512-token block of the prompt, equal ids meaning equal
 * content. servesim turns the hash ids into token ids (block {@code h} becomes tokens {@code h*512 .. h*512+511}),
 * so two prompts share exactly the prefix their hash ids share, and the prefix cache sees what Mooncake saw.
 * Tokens past the last hash id get ids unique to the request.
 */
public final class MooncakeTraceReader {
    /** Tokens per Mooncake hash block. */
    public static final int BLOCK_TOKENS = 512;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private MooncakeTraceReader() {
    }

    public static List<WorkloadRequest> read(Path file) {
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
                    throw new InputException(file, "line " + n, "not valid JSON.", "fix the line.");
                }
                long ms = field(j, "timestamp", file, n);
                if (ms > Long.MAX_VALUE / 1_000_000L) {
                    throw new InputException(file, "line " + n + ", field 'timestamp'", ms + " ms does not fit in "
                            + "nanoseconds.", "give milliseconds from the trace's start.");
                }
                int in = TokenCounts.count(field(j, "input_length", file, n), file, "line " + n, "input_length");
                int outTokens = (int) Math.max(1, Math.min(field(j, "output_length", file, n), Integer.MAX_VALUE));
                outTokens = TokenCounts.count(outTokens, file, "line " + n, "output_length");
                JsonNode h = j.get("hash_ids");
                if (h == null || !h.isArray()) {
                    throw new InputException(file, "line " + n + ", field 'hash_ids'", "missing or not a list.",
                            "each Mooncake request lists its prompt's block hash ids.");
                }
                int[] ids = new int[in];
                for (int p = 0; p < in; p++) {
                    int b = p / BLOCK_TOKENS;
                    ids[p] = b < h.size() ? h.get(b).asInt() * BLOCK_TOKENS + p % BLOCK_TOKENS
                            : -1 - (out.size() * 65_536 + p % 65_536);
                }
                out.add(new WorkloadRequest(ms * 1_000_000L, in, outTokens, ids, null, null, n));
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            InputException.requireUtf8(file);
            throw new InputException(file, null, "cannot read (" + e.getMessage() + ").", "check the path.");
        }
        out.sort((a, b) -> Long.compare(a.arrivalNs(), b.arrivalNs()));
        return TokenCounts.nonEmpty(out, file);
    }

    private static long field(JsonNode j, String f, Path file, int line) {
        JsonNode v = j.get(f);
        if (v == null || !v.canConvertToLong() || v.asLong() < 0) {
            throw new InputException(file, "line " + line + ", field '" + f + "'", "missing or not a whole number "
                    + ">= 0.", "each line needs timestamp, input_length, output_length and hash_ids.");
        }
        return v.asLong();
    }
}
