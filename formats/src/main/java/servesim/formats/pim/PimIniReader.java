package servesim.formats.pim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import servesim.models.InputException;

/**
 * Reads a PIM device ini (DRAMSim3 keys: {@code [dram_structure]}, {@code [timing]}, {@code [system]},
 * {@code [other]}). Comments start with {@code #} or {@code ;}, also after a value. Every key the model needs must
 * be present and numeric; an error names the file, the line or key, and the fix.
 */
public final class PimIniReader {
    /** Processing-unit arrangements the attention model knows. */
    public static final Set<String> PIM_TYPES = Set.of("SINGLE");

    private PimIniReader() {
    }

    /**
     * The file a cluster config's {@code pim_config} names: a path ending in {@code .ini} (relative to the config's
     * folder), or a device name looked up as {@code NAME.ini} beside the config, in {@code pim/} beside it, or in
     * {@code ../pim/} (LLMServingSim's layout keeps {@code clusters/} and {@code pim/} side by side).
     */
    public static Path locate(String value, Path clusterFile, String field) {
        Path base = clusterFile == null || clusterFile.toAbsolutePath().getParent() == null ? Path.of(".")
                : clusterFile.toAbsolutePath().getParent();
        List<Path> candidates = value.endsWith(".ini") ? List.of(base.resolve(value))
                : List.of(base.resolve(value + ".ini"), base.resolve("pim").resolve(value + ".ini"),
                base.resolve("..").resolve("pim").resolve(value + ".ini"));
        for (Path c : candidates) {
            if (Files.isRegularFile(c)) {
                return c.normalize();
            }
        }
        throw new InputException(clusterFile == null ? null : clusterFile.toString(), field, "PIM device '" + value
                + "' not found; looked for " + candidates.stream().map(c -> c.normalize().toString()).toList() + ".",
                "put " + (value.endsWith(".ini") ? value : value + ".ini") + " in one of those places, or give the "
                + "ini's path relative to the cluster config.");
    }

    public static PimSpec read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InputException(file, null, "cannot read the PIM device file (" + e.getMessage() + ").",
                    "check the path and its permissions.");
        }
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = strip(lines.get(i));
            if (line.isEmpty() || line.startsWith("[")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new InputException(file, "line " + (i + 1), "expected 'key = value', got '" + line + "'.",
                        "write one key = value per line, or comment the line out with #.");
            }
            String key = line.substring(0, eq).trim();
            values.put(key, line.substring(eq + 1).trim());
            lineOf.put(key, i + 1);
        }
        Fields f = new Fields(file, values, lineOf);
        String name = file.getFileName().toString().replaceFirst("\\.ini$", "");
        String pimType = f.text("pim_type");
        if (!PIM_TYPES.contains(pimType)) {
            throw new InputException(file, f.at("pim_type"), "pim_type " + pimType + " is not modelled.",
                    "use one of " + PIM_TYPES + " (one processing unit per bank).");
        }
        PimSpec spec = new PimSpec(name, file, f.text("protocol"), f.positiveInt("bankgroups"),
                f.positiveInt("banks_per_group"), f.positiveLong("rows"), f.positiveInt("columns"),
                f.positiveInt("device_width"), f.positiveInt("BL"), pimType, f.positive("tCK"), f.positiveInt("CL"),
                values.containsKey("tRCD") ? f.positiveInt("tRCD") : f.positiveInt("tRCDRD"), f.positiveInt("tRP"),
                f.positiveInt("tCCD_L"), f.positiveInt("tRFC"), f.positiveInt("tREFI"), f.positive("channel_size"),
                f.positiveInt("channels"), f.positiveInt("bus_width"), f.positive("data_rate"),
                f.positive("idle_power"), f.positive("peak_power"));
        if (spec.busWidth() % spec.deviceWidth() != 0) {
            throw new InputException(file, f.at("bus_width"), "bus_width " + spec.busWidth()
                    + " is not a multiple of device_width " + spec.deviceWidth() + ".",
                    "make the bus a whole number of devices wide.");
        }
        if (spec.columns() % spec.burstLength() != 0) {
            throw new InputException(file, f.at("columns"), "columns " + spec.columns()
                    + " is not a multiple of BL " + spec.burstLength() + ".", "use a row that holds whole bursts.");
        }
        if (spec.trfc() >= spec.trefi()) {
            throw new InputException(file, f.at("tRFC"), "tRFC " + spec.trfc() + " is not below tREFI "
                    + spec.trefi() + ": the device would do nothing but refresh.", "check the timing values.");
        }
        if (spec.peakMw() < spec.idleMw()) {
            throw new InputException(file, f.at("peak_power"), "peak_power " + spec.peakMw()
                    + " mW is below idle_power " + spec.idleMw() + " mW.", "check the power values.");
        }
        return spec;
    }

    private static String strip(String line) {
        int hash = line.indexOf('#');
        int semi = line.indexOf(';');
        int cut = hash < 0 ? semi : semi < 0 ? hash : Math.min(hash, semi);
        return (cut < 0 ? line : line.substring(0, cut)).trim();
    }

    /** Typed access to the ini's values, with errors that name the key and its line. */
    private record Fields(Path file, Map<String, String> values, Map<String, Integer> lineOf) {
        String at(String key) {
            Integer line = lineOf.get(key);
            return line == null ? "key " + key : "line " + line + " (" + key + ")";
        }

        String text(String key) {
            String v = values.get(key);
            if (v == null || v.isEmpty()) {
                throw new InputException(file, "key " + key, "missing required key.", "add '" + key + " = ...'.");
            }
            return v;
        }

        double positive(String key) {
            String v = text(key);
            double d;
            try {
                d = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new InputException(file, at(key), "expected a number, got '" + v + "'.",
                        "write a number for " + key + ".");
            }
            if (!(d > 0) || Double.isInfinite(d)) {
                throw new InputException(file, at(key), key + " must be > 0, got " + v + ".",
                        "write a positive number for " + key + ".");
            }
            return d;
        }

        long positiveLong(String key) {
            double d = positive(key);
            if (d != Math.rint(d)) {
                throw new InputException(file, at(key), key + " must be a whole number, got " + values.get(key)
                        + ".", "write an integer for " + key + ".");
            }
            return (long) d;
        }

        int positiveInt(String key) {
            return Math.toIntExact(positiveLong(key));
        }
    }
}
