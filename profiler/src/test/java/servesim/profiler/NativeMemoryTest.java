package servesim.profiler;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.ModelCatalog;
import servesim.models.OpKey;
import servesim.models.OpShape;
import servesim.models.Operator;
import servesim.models.Parallelism;
import servesim.profiler.kernels.Kernels;
import servesim.profiler.kernels.OpKernel;
import servesim.profiler.power.PowerMeter;
import servesim.profiler.runtime.DjlRuntime;
import servesim.profiler.timing.TimingHarness;

/** Many measured points must not grow the process's resident memory: every input and temporary is closed. */
class NativeMemoryTest {
    static long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    @Test
    void longSweepDoesNotLeakNativeMemory() throws IOException {
        DjlRuntime rt = DjlRuntime.start("cpu", Dtype.FP32, 1);
        TimingHarness h = new TimingHarness(2_000_000, 100_000, 5, 10, 1.0, 0, false, PowerMeter.NONE);
        ForwardPass pass = ForwardPass.of(ModelCatalog.get().load("servesim/tiny-llama"), Parallelism.NONE);
        try (NDManager root = NDManager.newBaseManager(rt.device());
             NDManager weights = root.newSubManager()) {
            OpShape attn = pass.ops().stream().filter(o -> o.op() == Operator.ATTENTION).findFirst().orElseThrow();
            OpKernel k = Kernels.of(attn, weights, rt.dataType());
            long before = 0;
            for (int i = 0; i < 300; i++) {
                if (i == 50) {
                    before = rssKb();
                }
                // each point's inputs (about 2 MB) live in their own manager, closed after the point
                try (NDManager points = root.newSubManager()) {
                    h.measure(k.prepare(points, OpKey.attention(64 + i % 7, 256, 4, 512)));
                }
            }
            long growthMb = (rssKb() - before) / 1024;
            assertTrue(growthMb < 64, "resident memory grew by " + growthMb + " MB over 250 points");
        }
    }
}
