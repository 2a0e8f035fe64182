package servesim.profiler.power;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Linux RAPL package energy counters under {@code /sys/class/powercap/intel-rapl:N/energy_uj}, summed over
 * packages and corrected for wrap-around with {@code max_energy_range_uj}. Usable only when readable (often
 * root-only, absent in VMs).
 */
public final class RaplPowerMeter implements PowerMeter {
    private final List<Path> counters;
    private final List<Double> ranges;
    private final double[] last;
    private double total;

    private RaplPowerMeter(List<Path> counters, List<Double> ranges) {
        this.counters = counters;
        this.ranges = ranges;
        this.last = new double[counters.size()];
        for (int i = 0; i < last.length; i++) {
            last[i] = read(counters.get(i));
        }
    }

    /** The meter if any package counter is readable, else {@link PowerMeter#NONE}. */
    public static PowerMeter detect(Path root) {
        List<Path> counters = new ArrayList<>();
        List<Double> ranges = new ArrayList<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                for (Path d : s.filter(p -> p.getFileName().toString().matches("intel-rapl:\\d+")).sorted().toList()) {
                    Path e = d.resolve("energy_uj");
                    if (Files.isReadable(e) && !Double.isNaN(read(e))) {
                        counters.add(e);
                        double r = read(d.resolve("max_energy_range_uj"));
                        ranges.add(Double.isNaN(r) ? Double.MAX_VALUE : r);
                    }
                }
            } catch (IOException e) {
                return NONE;
            }
        }
        return counters.isEmpty() ? NONE : new RaplPowerMeter(counters, ranges);
    }

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public synchronized double energyMicrojoules() {
        for (int i = 0; i < counters.size(); i++) {
            double v = read(counters.get(i));
            double d = v - last[i];
            if (d < 0) {
                d += ranges.get(i);
            }
            total += d;
            last[i] = v;
        }
        return total;
    }

    @Override
    public String describe() {
        return "RAPL " + counters;
    }

    static double read(Path p) {
        try {
            return Double.parseDouble(Files.readString(p).trim());
        } catch (IOException | NumberFormatException e) {
            return Double.NaN;
        }
    }
}
