package servesim.bench;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import servesim.formats.profile.ProfileFiles;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.ModelCatalog;
import servesim.models.Parallelism;
import servesim.simulator.collective.LinkSpec;
import servesim.simulator.exectime.ProfileExecutionModel;
import servesim.simulator.scheduler.BatchPlan;

/**
 * The execution model's cost of one step (every operator of Llama-3.1-8B's forward pass looked up in the shipped
 * H100 profile, attention over the batch's prefill and decode parts), for a steady-state batch of {@code running}
 * requests.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ExecutionModelBench {
    static final Path H100 = Path.of("profiles/analytical/H100-SXM/meta-llama/Llama-3.1-8B/bf16/tp1.arrow");

    @Param({"16", "256"})
    int running;

    private ProfileExecutionModel model;
    private BatchPlan plan;

    @Setup
    public void setUp() {
        ProfileLookup lookup = ProfileLookup.compile(ProfileFiles.read(H100), H100.toString(),
                new LookupWarnings(m -> { }));
        model = ProfileExecutionModel.builder(lookup, ForwardPass.of(ModelCatalog.get().load(
                "meta-llama/Llama-3.1-8B"), Parallelism.NONE), new LinkSpec(450e9, 2000), Dtype.BF16).build();
        ServingLoop loop = new ServingLoop(running, 256, 2048);
        for (int i = 0; i < 2_000; i++) {
            loop.step();
        }
        plan = loop.step().copy();
    }

    @Benchmark
    public long stepCost() {
        return model.cost(plan).stepNs();
    }
}
