package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileCliTest {
    @TempDir
    Path tmp;

    /** Profile the tiny model with DJL on this CPU, then simulate a workload on the profile it wrote. */
    @Test
    void profileThenSimulateWithIt() throws IOException {
        Path profiles = tmp.resolve("profiles");
        Path out = profiles.resolve("cpu/servesim/tiny-llama/fp32");
        CliTest.Result p = CliTest.run("profile", "--model", "servesim/tiny-llama", "--device", "cpu", "--out",
                out.toString(), "--max-tokens", "64", "--max-seqs", "16", "--max-chunk", "64", "--max-kv", "256",
                "--target-ms", "3", "--coarse", "--held-out", "1", "--threads", "1", "--max-error", "0");
        // a 0% budget no measured profile meets: exit 3 with the cause and the fixes, the profile still written
        assertEquals(ErrorBudget.EXCEEDED, p.code(), p.out() + p.err());
        assertTrue(p.out().contains("held-out check") && p.out().contains("exceeds --max-error")
                && p.out().contains("--target-ms"), p.out());
        Path profile = out.resolve("tp1.arrow");
        CliTest.Result info = CliTest.run("profile", "info", profile.toString());
        assertTrue(info.out().contains("djl-pytorch-") && info.out().contains("attention"), info.out());

        Path cluster = tmp.resolve("cluster.json");
        Files.writeString(cluster, "{\"num_nodes\": 1, \"link_bw\": 16, \"link_latency\": 0, \"nodes\": [{"
                + "\"instances\": [{\"model_name\": \"servesim/tiny-llama\", \"hardware\": \"cpu\", "
                + "\"npu_mem\": {\"mem_size\": 1, \"mem_util\": 0.5}, \"tp_size\": 1}]}]}");
        Path scenario = tmp.resolve("s.yaml");
        Files.writeString(scenario, "cluster: cluster.json\nengine: {dtype: fp32, max_num_batched_tokens: 64, "
                + "max_num_seqs: 16}\nprofiles: [profiles]\nworkload:\n  synthetic: {requests: 20, rate: 50, "
                + "input_median: 40, input_max: 200, output_median: 10, output_max: 40, seed: 1}\noutputs: run\n");
        CliTest.Result sim = CliTest.run("simulate", "--scenario", scenario.toString());
        assertEquals(0, sim.code(), sim.err());
        assertTrue(sim.out().contains("requests 20"), sim.out());
        assertTrue(Files.isRegularFile(tmp.resolve("run/summary.json")));
    }

    @Test
    void badProfilerInputsExitTwo() {
        assertEquals(2, CliTest.run("profile", "--model", "servesim/tiny-llama").code());
        CliTest.Result d = CliTest.run("profile", "--model", "servesim/tiny-llama", "--device", "tpu", "--out",
                tmp.toString());
        assertEquals(2, d.code());
        assertTrue(d.err().contains("unknown device 'tpu'"), d.err());
        CliTest.Result g = CliTest.run("profile", "--model", "servesim/tiny-llama", "--device", "gpu:3", "--out",
                tmp.toString());
        assertEquals(2, g.code());
        assertTrue(g.err().contains("GPU"), g.err());
        CliTest.Result t = CliTest.run("profile", "--model", "servesim/tiny-llama", "--dtype", "int4", "--out",
                tmp.toString());
        assertEquals(2, t.code());
    }
}
