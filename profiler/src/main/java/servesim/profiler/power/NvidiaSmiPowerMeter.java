package servesim.profiler.power;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * NVIDIA GPU energy from {@code nvidia-smi --query-gpu=total_energy_consumption} (millijoules since driver
 * load, Volta and later). Used only when the command answers with a number.
 */
public final class NvidiaSmiPowerMeter implements PowerMeter {
    private final int gpu;

    private NvidiaSmiPowerMeter(int gpu) {
        this.gpu = gpu;
    }

    public static PowerMeter detect(int gpu) {
        NvidiaSmiPowerMeter m = new NvidiaSmiPowerMeter(gpu);
        return Double.isNaN(m.energyMicrojoules()) ? NONE : m;
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public double energyMicrojoules() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=total_energy_consumption",
                    "--format=csv,noheader,nounits", "-i", Integer.toString(gpu)).redirectErrorStream(true).start();
            String line;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                line = r.readLine();
            }
            if (!p.waitFor(5, TimeUnit.SECONDS) || p.exitValue() != 0 || line == null) {
                return Double.NaN;
            }
            return Double.parseDouble(line.trim()) * 1000;
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Double.NaN;
        }
    }

    @Override
    public String describe() {
        return "nvidia-smi total_energy_consumption, GPU " + gpu;
    }
}
