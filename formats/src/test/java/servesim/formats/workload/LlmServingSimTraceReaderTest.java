package servesim.formats.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import servesim.formats.SharedData;
import servesim.models.InputException;

class LlmServingSimTraceReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsSharedTracesWithAndWithoutIds() {
        List<WorkloadRequest> w = LlmServingSimTraceReader.read(
                SharedData.require("llmservingsim/workloads/sharegpt-llama-3.1-8b-300-sps10.jsonl"));
        assertEquals(300, w.size());
        assertEquals(2358, w.get(0).inputTokens());
        assertEquals(531, w.get(0).outputTokens());
        assertNotNull(w.get(0).inputIds());
        List<WorkloadRequest> plain = LlmServingSimTraceReader.read(
                SharedData.require("llmservingsim/workloads/workload_me2_01_mixed.jsonl"));
        assertNull(plain.get(0).inputIds());
        for (int i = 1; i < plain.size(); i++) {
            assertTrue(plain.get(i).arrivalNs() >= plain.get(i - 1).arrivalNs());
        }
    }

    /** Mooncake hash ids become token ids: equal leading hash ids give equal leading tokens, 512 per id. */
    @Test
    void mooncakeHashIdsBecomeSharedPrefixes() {
        List<WorkloadRequest> w = MooncakeTraceReader.read(SharedData.require("traces/mooncake_conversation_trace.jsonl"));
        assertEquals(12031, w.size());
        WorkloadRequest a = w.get(0); // hash_ids [0, 1, ...], 6758 tokens
        WorkloadRequest b = w.get(1); // hash_ids [0, 14, ...]
        assertEquals(6758, a.inputTokens());
        assertEquals(500, a.outputTokens());
        for (int p = 0; p < 512; p++) {
            assertEquals(a.inputIds()[p], b.inputIds()[p]);
        }
        assertTrue(a.inputIds()[512] != b.inputIds()[512]);
        assertTrue(w.get(w.size() - 1).arrivalNs() > 0);
    }

    @Test
    void azureAndVidurCsvTraces() {
        List<WorkloadRequest> az = TraceFormat.AZURE.read(SharedData.require("traces/AzureLLMInferenceTrace_conv.csv"));
        assertEquals(0, az.get(0).arrivalNs());
        assertEquals(374, az.get(0).inputTokens());
        assertEquals(44, az.get(0).outputTokens());
        // second request 4.3144 s later (18:15:50.9951690 - 18:15:46.6805900)
        assertEquals(4_314_579_000L, az.get(1).arrivalNs());
        List<WorkloadRequest> vi = TraceFormat.VIDUR.read(SharedData.require("traces/vidur_splitwise_conv.csv"));
        assertEquals(4_314_579_000L, vi.get(1).arrivalNs(), 1000);
        assertEquals(396, vi.get(1).inputTokens());
    }

    @Test
    void unknownTraceFormatListsTheKnownOnes() {
        var e = assertThrows(InputException.class, () -> TraceFormat.parse("parquet", "--workload-format"));
        assertTrue(e.getMessage().contains("mooncake") && e.getMessage().contains("sharegpt"), e.getMessage());
    }

    /**
     * Agentic sessions mixed with flat requests: each turn is a request of its session; a turn's prompt starts with
     * the previous turn's prompt and answer (fresh ids beyond any vocabulary), so prefix caching can reuse them.
     */
    @Test
    void agenticSessionsAreReadAsChainsOfTurns() throws IOException {
        Path f = write("{\"input_toks\": 5, \"output_toks\": 2, \"arrival_time_ns\": 10}\n"
                + "{\"session_id\": \"s1\", \"arrival_time_ns\": 0, \"sub_requests\": ["
                + "{\"input_toks\": 4, \"output_toks\": 2, \"tool_duration_ns\": 1000},"
                + "{\"input_toks\": 9, \"output_toks\": 3, \"tool_duration_ns\": 0}]}\n");
        List<WorkloadRequest> w = LlmServingSimTraceReader.read(f);
        assertEquals(3, w.size());
        WorkloadRequest t0 = w.get(0);
        WorkloadRequest t1 = w.get(1);
        assertEquals("s1", t0.session().id());
        assertEquals(0, t0.session().turn());
        assertEquals(1000, t0.session().toolNs());
        assertTrue(t1.session().released() && t1.session().last());
        for (int i = 0; i < 4; i++) {
            assertEquals(t0.inputIds()[i], t1.inputIds()[i], "turn 2 starts with turn 1's prompt");
        }
        assertEquals(t0.outputIds()[0], t1.inputIds()[4], "then turn 1's answer");
        assertTrue(t1.inputIds()[8] >= 1 << 28, "then fresh tokens");
        assertEquals(null, w.get(2).session());
        InputException e = assertThrows(InputException.class, () -> LlmServingSimTraceReader.read(write(
                "{\"session_id\": \"s\", \"arrival_time_ns\": 0, \"sub_requests\": [{\"input_toks\": 4, "
                + "\"colour\": 1}]}\n")));
        assertTrue(e.getMessage().contains("sub_requests[0], field 'colour'"), e.getMessage());
    }

    @Test
    void badLinesNameLineAndField() throws IOException {
        InputException a = assertThrows(InputException.class, () -> LlmServingSimTraceReader.read(
                write("{\"input_toks\": 5, \"output_toks\": 2}\n")));
        assertTrue(a.getMessage().contains("line 1, field 'arrival_time_ns'"), a.getMessage());
        InputException b = assertThrows(InputException.class, () -> LlmServingSimTraceReader.read(
                write("{\"input_toks\": \"five\", \"output_toks\": 2, \"arrival_time_ns\": 0}\n")));
        assertTrue(b.getMessage().contains("field 'input_toks'"), b.getMessage());
        InputException c = assertThrows(InputException.class, () -> LlmServingSimTraceReader.read(
                write("{\"input_toks\": 2, \"output_toks\": 2, \"arrival_time_ns\": 0, \"input_tok_ids\": [1]}\n")));
        assertTrue(c.getMessage().contains("has 1 ids but input_toks is 2"), c.getMessage());
        InputException d = assertThrows(InputException.class, () -> LlmServingSimTraceReader.read(write("{oops\n")));
        assertTrue(d.getMessage().contains("line 1") && d.getMessage().contains("not valid JSON"), d.getMessage());
        InputException e = assertThrows(InputException.class, () -> LlmServingSimTraceReader.read(
                write("{\"input_toks\": 2, \"output_toks\": 2, \"arrival_time_ns\": 0, \"colour\": 1}\n")));
        assertTrue(e.getMessage().contains("unknown field"), e.getMessage());
    }

    @Test
    void syntheticWorkloadIsReproducible() {
        SyntheticWorkload s = new SyntheticWorkload(1000, 10, 500, 1.0, 4096, 200, 0.8, 2048, 7);
        List<WorkloadRequest> a = s.generate();
        List<WorkloadRequest> b = s.generate();
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).arrivalNs(), b.get(i).arrivalNs());
            assertEquals(a.get(i).inputTokens(), b.get(i).inputTokens());
        }
        // mean inter-arrival of a 10/s Poisson process is 100 ms
        double mean = a.get(a.size() - 1).arrivalNs() / 1e9 / a.size();
        assertEquals(0.1, mean, 0.01);
    }

    private Path write(String s) throws IOException {
        Path f = dir.resolve("w" + System.nanoTime() + ".jsonl");
        Files.writeString(f, s);
        return f;
    }
}
