package servesim.simulator.setup;

import java.util.Locale;
import servesim.formats.cluster.MemorySpec;
import servesim.formats.engine.EngineSettings;
import servesim.models.Dtype;
import servesim.models.InputException;
import servesim.models.ModelConfig;
import servesim.models.Parallelism;
import servesim.models.Units;

/**
 * The KV block count of an instance: vLLM's resolved {@code num_gpu_blocks} when the engine settings carry it,
 * otherwise {@code (mem_size * mem_util - weights per rank - activation reserve) / bytes per block}, as vLLM
 * sizes its cache after loading weights and profiling a forward pass.
 *
 * <p>The activation reserve defaults to 0 because LLMServingSim cluster configs fold it into {@code mem_util}
 * (the RTX 4090 bench config's 0.833919 reproduces the 2,588 blocks vLLM reported at
 * {@code gpu_memory_utilization} 0.9); a scenario can set {@code activation_reserve_gib}.
 *
 * @param blocks blocks including vLLM's null block
 * @param from   how it was obtained
 */
public record KvCapacity(int blocks, String from) {

    /**
     * @param weightBytesPerRank weights held on the most loaded device (off-device weights excluded)
     * @param layerShare         share of the layers that device holds (1, or the largest pipeline stage's share)
     */
    public static KvCapacity of(EngineSettings engine, MemorySpec mem, ModelConfig model, Parallelism p,
                                long weightBytesPerRank, double layerShare, double activationReserveGiB,
                                String where) {
        if (engine.numGpuBlocks() > 0) {
            return new KvCapacity(engine.numGpuBlocks(), "num_gpu_blocks from the engine settings");
        }
        double util = util(engine, mem);
        double weights = weightBytesPerRank;
        Dtype kvDtype = engine.kvDtype();
        double usable = usableBytes(mem, util, weights, activationReserveGiB);
        long perBlock = Math.round(engine.blockSize() * model.kvBytesPerTokenPerRank(kvDtype, p.tp()) * layerShare);
        long blocks = (long) Math.floor(usable / perBlock);
        if (blocks < 2) {
            throw new InputException(where, "npu_mem", String.format(Locale.ROOT, "%s does not fit: %.2f GiB x %.3f "
                    + "leaves %.2f GiB after %.2f GiB of weights per rank.", model.id(), mem.sizeGiB(), util,
                    usable / Units.GIB, weights / Units.GIB), "use more memory, a larger tp, or a smaller model.");
        }
        return new KvCapacity((int) Math.min(Integer.MAX_VALUE, blocks), String.format(Locale.ROOT,
                "%.1f GiB x %.6f - %.2f GiB weights - %.2f GiB activations = %d blocks of %d tokens", mem.sizeGiB(),
                util, weights / Units.GIB, activationReserveGiB, blocks, engine.blockSize()));
    }

    /**
     * With attention offloaded to PIM the KV cache lives in the PIM channels: {@code pimBytes} over the bytes of a
     * block of every rank's KV. The device still has to hold its weights; an engine {@code num_gpu_blocks} (a
     * device-memory figure) does not apply and the run report says so.
     */
    public static KvCapacity inPim(EngineSettings engine, MemorySpec mem, ModelConfig model, Parallelism p,
                                   long weightBytesPerRank, double activationReserveGiB, long pimBytes,
                                   String where) {
        double util = util(engine, mem);
        double usable = usableBytes(mem, util, weightBytesPerRank, activationReserveGiB);
        if (usable < 0) {
            throw new InputException(where, "npu_mem", String.format(Locale.ROOT, "%s does not fit: %.2f GiB x %.3f "
                    + "holds less than its %.2f GiB of weights per rank.", model.id(), mem.sizeGiB(), util,
                    weightBytesPerRank / (double) Units.GIB), "use more memory, a larger tp, or a smaller model.");
        }
        Dtype kvDtype = engine.kvDtype();
        long perBlock = (long) engine.blockSize() * model.kvBytesPerTokenPerRank(kvDtype, p.tp()) * p.tp();
        long blocks = pimBytes / perBlock;
        if (blocks < 2) {
            throw new InputException(where, "cpu_mem.mem_size", String.format(Locale.ROOT, "%.2f GiB of PIM memory "
                    + "holds no KV block of %d bytes.", pimBytes / (double) Units.GIB, perBlock),
                    "give the node more PIM memory.");
        }
        return new KvCapacity((int) Math.min(Integer.MAX_VALUE, blocks), String.format(Locale.ROOT,
                "KV cache in PIM memory: %.1f GiB / %d bytes per block = %d blocks of %d tokens%s",
                pimBytes / (double) Units.GIB, perBlock, blocks, engine.blockSize(), engine.numGpuBlocks() > 0
                        ? " (the engine's num_gpu_blocks " + engine.numGpuBlocks() + " is device memory and does "
                        + "not apply)" : ""));
    }

    /** The share of device memory the engine may use: the config's mem_util, the engine's, or vLLM's 0.9. */
    private static double util(EngineSettings engine, MemorySpec mem) {
        return !Double.isNaN(mem.util()) ? mem.util()
                : !Double.isNaN(engine.gpuMemoryUtilization()) ? engine.gpuMemoryUtilization() : 0.9;
    }

    /** Device bytes left for the KV cache after the weights and the activation reserve. */
    private static double usableBytes(MemorySpec mem, double util, double weightBytes, double activationReserveGiB) {
        return mem.sizeBytes() * util - weightBytes - activationReserveGiB * Units.GIB;
    }
}
