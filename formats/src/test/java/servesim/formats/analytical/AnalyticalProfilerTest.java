package servesim.formats.analytical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import servesim.formats.SharedData;
import servesim.formats.hardware.DeviceCatalog;
import servesim.formats.hardware.DeviceSpec;
import servesim.formats.importer.llmservingsim.LlmServingSimImporter;
import servesim.formats.profile.Profile;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileComparison;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.ModelCatalog;
import servesim.models.ModelConfig;
import servesim.models.OpKey;
import servesim.models.OpShape;
import servesim.models.Operator;
import servesim.models.Parallelism;

class AnalyticalProfilerTest {

    @Test
    void catalogHasTheRequiredDevices() {
        for (String d : List.of("A100-80G", "H100-SXM", "H200", "B200", "L40S", "RTX4090", "RTXPRO6000", "MI300X")) {
            DeviceSpec s = DeviceCatalog.get().find(d);
            assertTrue(s != null && s.bf16Tflops() > 0 && s.memBandwidthGBs() > 0 && s.tdpWatts() > 0, d);
        }
        assertEquals("H100-SXM", DeviceCatalog.get().find("h100").name());
    }

    /** A large decode-sized GEMM is bandwidth-bound: its time is the weight bytes over effective bandwidth. */
    @Test
    void rooflineByHand() {
        DeviceSpec h100 = DeviceCatalog.get().find("H100-SXM");
        AnalyticalProfiler a = new AnalyticalProfiler(h100, RooflineFactors.DEFAULT);
        ModelConfig m = ModelCatalog.get().load("meta-llama/Llama-3.1-8B");
        OpShape gateUp = ForwardPass.of(m, Parallelism.NONE).ops().stream()
                .filter(o -> o.op() == Operator.GATE_UP_PROJ).findFirst().orElseThrow();
        // 1 token: bytes = (4096*28672 + 4096 + 28672) * 2 = 234,946,560; / (3350e9 * 0.8) = 87.667 us; + 4 us launch
        double expected = 4 + (4096.0 * 28672 + 4096 + 28672) * 2 / (3350e9 * 0.8) * 1e6;
        assertEquals(expected, a.latencyUs(gateUp, OpKey.tokens(1), Dtype.BF16), 1e-9);
        // 8192 tokens: compute-bound, 2*8192*4096*28672 / (989.4e12 * 0.7) = 2777.6 us
        double flops = 2.0 * 8192 * 4096 * 28672;
        assertEquals(4 + flops / (989.4e12 * 0.7) * 1e6, a.latencyUs(gateUp, OpKey.tokens(8192), Dtype.BF16), 1e-6);
    }

    @Test
    void profileSaysItIsAnEstimateAndCoversEveryOperator() {
        Profile p = new AnalyticalProfiler(DeviceCatalog.get().find("H100-SXM"), RooflineFactors.DEFAULT)
                .profile(ModelCatalog.get().load("Qwen/Qwen3-30B-A3B"), 2, Dtype.BF16);
        assertTrue(p.metadata().estimate());
        assertEquals("analytical", p.metadata().source());
        assertTrue(p.metadata().extra().get("analytical.notice").contains("ESTIMATE"));
        ProfileLookup l = ProfileLookup.compile(p, "analytical", new LookupWarnings(s -> { }));
        for (Operator op : ForwardPass.of(ModelCatalog.get().load("Qwen/Qwen3-30B-A3B"), Parallelism.tp(2))
                .computeOperators()) {
            assertTrue(l.has(op), op.opName());
        }
        assertTrue(l.latencyUs(Operator.MOE, OpKey.moe(100, 64)) > 0);
    }

    /**
     * The analytical estimate against the LLMServingSim measurements of the same model on the same GPU, per
     * operator: the figures docs/profile-format.md quotes. The band is wide on purpose (a roofline is not a
     * profile) but catches unit and formula mistakes, which show up as ratios off by 10x or more.
     */
    @ParameterizedTest
    @ValueSource(strings = {"RTX4090", "RTXPRO6000"})
    void ratioToMeasuredPerOperatorFamily(String hw) {
        Path b = SharedData.require("llmservingsim/perf/" + hw + "/meta-llama/Llama-3.1-8B/bf16");
        Profile measured = LlmServingSimImporter.importBundle(b, 1).get(1);
        Profile est = new AnalyticalProfiler(DeviceCatalog.get().find(hw), RooflineFactors.DEFAULT)
                .profile(ModelCatalog.get().load("meta-llama/Llama-3.1-8B"), 1, Dtype.BF16);
        List<ProfileComparison.OpRatios> ratios = ProfileComparison.compare(measured,
                ProfileLookup.compile(est, "analytical", new LookupWarnings(s -> { })));
        System.out.println("analytical / measured, " + hw + " Llama-3.1-8B tp1:");
        for (ProfileComparison.OpRatios r : ratios) {
            System.out.println(String.format(Locale.ROOT, "  %-26s n=%5d geomean=%.2f median=%.2f p10=%.2f p90=%.2f",
                    r.name(), r.points(), r.geomeanRatio(), r.medianRatio(), r.p10Ratio(), r.p90Ratio()));
            assertTrue(r.geomeanRatio() > 0.1 && r.geomeanRatio() < 10, r.toString());
        }
        assertTrue(ratios.size() >= 10, ratios.toString());
    }
}
