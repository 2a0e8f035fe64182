package servesim.profiler.runtime;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import servesim.models.Dtype;
import servesim.models.InputException;

/**
 * DJL's PyTorch engine as the profiler uses it: always offline (DJL otherwise contacts a cloud metadata address at
 * start), a fixed thread count set before the engine loads, and the device and dtype the user chose.
 *
 * <p>GPU: DJL picks its native PyTorch library through its documented mechanism: put the CUDA build of
 * {@code ai.djl.pytorch:pytorch-native-cu*} on the classpath (or point {@code PYTORCH_LIBRARY_PATH} at a local
 * libtorch) and ask for {@code gpu} or {@code gpu:N}; {@code Device.gpu(N)} is then used for every array.
 */
public final class DjlRuntime {
    private final Device device;
    private final DataType dataType;
    private final int threads;
    private final Engine engine;

    private DjlRuntime(Device device, DataType dataType, int threads, Engine engine) {
        this.device = device;
        this.dataType = dataType;
        this.threads = threads;
        this.engine = engine;
    }

    /**
     * Starts the engine for {@code deviceSpec} ("cpu", "gpu", "gpu:N") and {@code dtype} with {@code threads}
     * intra-op threads (0 = all cores).
     */
    public static DjlRuntime start(String deviceSpec, Dtype dtype, int threads) {
        System.setProperty("ai.djl.offline", "true");
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(n));
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Engine engine = Engine.getEngine("PyTorch");
        Device device = parseDevice(deviceSpec, engine);
        DataType dt = switch (dtype) {
            case FP32 -> DataType.FLOAT32;
            case BF16 -> DataType.BFLOAT16;
            case FP16 -> DataType.FLOAT16;
            default -> throw new InputException("--dtype", null, "the DJL profiler measures fp32, bf16 or fp16, not "
                    + dtype.label() + ".", "choose fp32, bf16 or fp16.");
        };
        return new DjlRuntime(device, dt, n, engine);
    }

    static Device parseDevice(String spec, Engine engine) {
        String s = spec == null ? "cpu" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return Device.cpu();
        }
        if (s.equals("gpu") || s.startsWith("gpu:")) {
            int id = s.equals("gpu") ? 0 : parseId(s.substring(4));
            if (engine.getGpuCount() <= id) {
                throw new InputException("--device", null, "asked for " + s + " but DJL's PyTorch engine sees "
                        + engine.getGpuCount() + " GPU(s) (its native library is the CPU build unless a CUDA build "
                        + "is on the classpath).", "add ai.djl.pytorch:pytorch-native-cu* for your CUDA version, or "
                        + "use --device cpu.");
            }
            return Device.gpu(id);
        }
        throw new InputException("--device", null, "unknown device '" + spec + "'.", "use cpu, gpu or gpu:N.");
    }

    private static int parseId(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InputException("--device", null, "'gpu:" + s + "' has no GPU index.", "use gpu:0, gpu:1, ...");
        }
    }

    public Device device() {
        return device;
    }

    public DataType dataType() {
        return dataType;
    }

    public int threads() {
        return threads;
    }

    public boolean isGpu() {
        return device.isGpu();
    }

    public String djlVersion() {
        return Engine.getDjlVersion();
    }

    public String engineVersion() {
        return engine.getVersion();
    }

    /** A one-line description of the host: CPU model (or GPU), threads, library versions. */
    public String hostDescription() {
        String cpu = cpuModel();
        return (device.isGpu() ? "GPU " + device + " on " : "") + cpu + "; " + threads + " threads; DJL "
                + djlVersion() + "; PyTorch " + engineVersion();
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: not Linux or not readable
        }
        return System.getProperty("os.arch") + " CPU";
    }
}
