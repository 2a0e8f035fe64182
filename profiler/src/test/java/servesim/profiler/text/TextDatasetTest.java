package servesim.profiler.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.workload.TraceFormat;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.InputException;

/** Text datasets tokenized with DJL's Hugging Face tokenizers from a local tokenizer.json, offline. */
class TextDatasetTest {
    static final Path DATA = Path.of("..", "..", "shared", "data").toAbsolutePath().normalize();
    static final Path LLAMA = DATA.resolve("tokenizers/meta-llama/Llama-3.1-8B/tokenizer.json");

    /**
     * The 300 RTX 4090 ShareGPT requests as text: tokenizing each prompt gives back exactly the token ids (so the
     * input_tokens) of the token-id workload they were decoded from, with its output lengths and arrivals.
     */
    @Test
    void shareGptTextGivesBackTheWorkloadsTokenIds() {
        Path text = DATA.resolve("text/sharegpt-llama-3.1-8b-300.json");
        assumeTrue(Files.isRegularFile(text) && Files.isRegularFile(LLAMA), "skipped: ../shared/data is absent");
        List<WorkloadRequest> fromText = TraceFormat.SHAREGPT.read(text, LLAMA);
        List<WorkloadRequest> ids = TraceFormat.LLMSERVINGSIM.read(DATA.resolve(
                "llmservingsim/workloads/sharegpt-llama-3.1-8b-300-sps10.jsonl"));
        assertEquals(300, fromText.size());
        for (int i = 0; i < ids.size(); i++) {
            WorkloadRequest a = fromText.get(i);
            WorkloadRequest b = ids.get(i);
            assertEquals(b.inputTokens(), a.inputTokens(), "request " + i);
            assertArrayEquals(b.inputIds(), a.inputIds(), "request " + i + " token ids");
            assertEquals(b.outputTokens(), a.outputTokens());
            assertEquals(b.arrivalNs(), a.arrivalNs());
        }
    }

    @Test
    void promptsJsonlIsTokenizedAndBadLinesNamed(@TempDir Path dir) throws IOException {
        assumeTrue(Files.isRegularFile(LLAMA), "skipped: ../shared/data is absent");
        Path p = Files.writeString(dir.resolve("p.jsonl"), "{\"prompt\": \"Hello world\", \"output_tokens\": 7}\n\n"
                + "{\"prompt\": \"Hello world, again\", \"output_tokens\": 3, \"arrival_time_ns\": 5}\n");
        List<WorkloadRequest> w = TraceFormat.PROMPTS.read(p, LLAMA);
        assertEquals(2, w.size());
        assertArrayEquals(new int[] {9906, 1917}, w.get(0).inputIds(), "Llama 3 ids of 'Hello world', no BOS");
        assertEquals(7, w.get(0).outputTokens());
        assertEquals(5, w.get(1).arrivalNs());
        Path bad = Files.writeString(dir.resolve("b.jsonl"), "{\"prompt\": \"x\"}\n");
        InputException e = assertThrows(InputException.class, () -> TraceFormat.PROMPTS.read(bad, LLAMA));
        assertTrue(e.getMessage().contains("b.jsonl, line 1") && e.getMessage().contains("output_tokens"),
                e.getMessage());
        e = assertThrows(InputException.class, () -> TraceFormat.PROMPTS.read(p, null));
        assertTrue(e.getMessage().contains("--tokenizer"), e.getMessage());
    }
}
