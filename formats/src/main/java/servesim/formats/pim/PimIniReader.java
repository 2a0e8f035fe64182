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
 * {@code [other]}). Keys are read within their section (a key of the same name elsewhere is another key; one set
 * twice in a section is an error). Comments start with {@code #} or {@code ;}, also after a value. Every key the
 * model needs must be present in its section and numeric; an error names the file, the line or key, and the fix.
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
            InputException.requireUtf8(file);
            throw new InputException(file, null, "cannot read the PIM device file (" + e.getMessage() + ").",
                    "check the path and its permissions.");
        }
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = strip(lines.get(i));
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("[")) {
                if (!line.endsWith("]") || line.length() < 3) {
                    throw new InputException(file, "line " + (i + 1), "malformed section header '" + line + "'.",
                            "write a section as [name].");
                }
                section = line.substring(1, line.length() - 1).trim();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new InputException(file, "line " + (i + 1), "expected 'key = value', got '" + line + "'.",
                        "write one key = value per line, or comment the line out with #.");
            }
            if (section == null) {
                throw new InputException(file, "line " + (i + 1), "key outside any section.",
                        "put it under its DRAMSim3 section ([dram_structure], [timing], [system] or [other]).");
            }
            String key = section + "." + line.substring(0, eq).trim();
            if (lineOf.containsKey(key)) {
                throw new InputException(file, "line " + (i + 1), key + " is already set on line "
                        + lineOf.get(key) + ".", "keep one of the two.");
            }
            values.put(key, line.substring(eq + 1).trim());
            lineOf.put(key, i + 1);
        }
        Fields f = new Fields(file, values, lineOf);
        String name = file.getFileName().toString().replaceFirst("\\.ini$", "");
        String pimType = f.text("dram_structure.pim_type");
        if (!PIM_TYPES.contains(pimType)) {
            throw new InputException(file, f.at("dram_structure.pim_type"), "pim_type " + pimType
                    + " is not modelled.",
                    "use one of " + PIM_TYPES + " (one processing unit per bank).");
        }
        PimSpec spec = new PimSpec(name, file, f.text("dram_structure.protocol"),
                f.positiveInt("dram_structure.bankgroups"), f.positiveInt("dram_structure.banks_per_group"),
                f.positiveLong("dram_structure.rows"), f.positiveInt("dram_structure.columns"),
                f.positiveInt("dram_structure.device_width"), f.positiveInt("dram_structure.BL"), pimType,
                f.positive("timing.tCK"), f.positiveInt("timing.CL"), values.containsKey("timing.tRCD")
                ? f.positiveInt("timing.tRCD") : f.positiveInt("timing.tRCDRD"), f.positiveInt("timing.tRP"),
                f.positiveInt("timing.tCCD_L"), f.positiveInt("timing.tRFC"), f.positiveInt("timing.tREFI"),
                f.positive("system.channel_size"), f.positiveInt("system.channels"),
                f.positiveInt("system.bus_width"), f.positive("other.data_rate"), f.positive("other.idle_power"),
                f.positive("other.peak_power"));
        if (spec.busWidth() % spec.deviceWidth() != 0) {
            throw new InputException(file, f.at("system.bus_width"), "bus_width " + spec.busWidth()
                    + " is not a multiple of device_width " + spec.deviceWidth() + ".",
                    "make the bus a whole number of devices wide.");
        }
        if (spec.columns() % spec.burstLength() != 0) {
            throw new InputException(file, f.at("dram_structure.columns"), "columns " + spec.columns()
                    + " is not a multiple of BL " + spec.burstLength() + ".", "use a row that holds whole bursts.");
        }
        if (spec.trfc() >= spec.trefi()) {
            throw new InputException(file, f.at("timing.tRFC"), "tRFC " + spec.trfc() + " is not below tREFI "
                    + spec.trefi() + ": the device would do nothing but refresh.", "check the timing values.");
        }
        if (spec.peakMw() < spec.idleMw()) {
            throw new InputException(file, f.at("other.peak_power"), "peak_power " + spec.peakMw()
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
        /** Where {@code key} ("section.key") was set, for messages: "line 14 (CL in [timing])". */
        String at(String key) {
            Integer line = lineOf.get(key);
            int dot = key.indexOf('.');
            String named = key.substring(dot + 1) + " in [" + key.substring(0, dot) + "]";
            return line == null ? "key " + named : "line " + line + " (" + named + ")";
        }

        String text(String key) {
            String v = values.get(key);
            if (v == null || v.isEmpty()) {
                int dot = key.indexOf('.');
                throw new InputException(file, "key " + key, "missing required key.", "add '" + key.substring(dot + 1)
                        + " = ...' under [" + key.substring(0, dot) + "].");
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
            long v = positiveLong(key);
            if (v > Integer.MAX_VALUE) {
                throw new InputException(file, at(key), key + " is " + values.get(key) + ", beyond "
                        + Integer.MAX_VALUE + ".", "give the device's real " + key + ".");
            }
            return (int) v;
        }
    }
}
