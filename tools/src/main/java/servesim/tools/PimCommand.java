package servesim.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import servesim.formats.pim.PimIniReader;
import servesim.models.Dtype;
import servesim.models.ModelCatalog;
import servesim.models.ModelConfig;
import servesim.simulator.pim.PimDevice;

/**
 * {@code servesim pim}: what the attention-offload model derives from PIM device files (docs/pim.md), and one
 * decode's attention time per layer for a model.
 */
@Command(name = "pim", mixinStandardHelpOptions = true,
        description = "Show the channel figures servesim derives from PIM device ini files.")
final class PimCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INI", description = "PIM device files (DRAMSim3 keys)")
    List<Path> files;

    @Option(names = "--model", description = "Also time one decode's attention per layer for this model "
            + "(catalog id or config.json)")
    String model;

    @Option(names = "--context", defaultValue = "1024", description = "Context length for --model")
    long context;

    @Option(names = "--dtype", defaultValue = "bf16", description = "KV cache dtype for --model")
    String dtype;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        ModelConfig m = model == null ? null : ModelCatalog.get().resolve(model);
        Dtype kv = Dtype.parse(dtype, "--dtype");
        out.printf(Locale.ROOT, "%-24s %8s %6s %10s %9s %8s %7s %7s%s%n", "device", "GiB/ch", "ranks",
                "stream GB/s", "bus GB/s", "CL ns", "idle W", "peak W",
                m == null ? "" : String.format(Locale.ROOT, "  %s, %d tokens: one decode per layer", m.id(), context));
        for (Path f : files) {
            PimDevice d = PimDevice.of(PimIniReader.read(f));
            out.printf(Locale.ROOT, "%-24s %8.2f %6d %10.1f %9.1f %8.2f %7.3f %7.3f", d.spec().name(),
                    d.capacityBytes() / (double) (1L << 30), d.ranks(), d.streamBytesPerNs(),
                    d.externalBytesPerNs(), d.readLatencyNs(), d.idleW(), d.peakW());
            if (m != null) {
                int group = m.numHeads() / m.numKvHeads();
                double one = d.attentionNs(m.numHeads(), m.numKvHeads(), context, m.headDim(), kv.bytes());
                double spread = d.attentionNs(group, 1, context, m.headDim(), kv.bytes());
                out.printf(Locale.ROOT, "  %.1f us on one channel, %.1f us over %d channels", one / 1000,
                        spread / 1000, m.numKvHeads());
            }
            out.println();
        }
        return 0;
    }
}
