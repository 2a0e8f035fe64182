package servesim.formats.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import servesim.models.InputException;

/**
 * The accelerators servesim knows from datasheets, by name or alias (case-insensitive). The shipped catalog is
 * immutable; a run adds its own devices from a device file ({@link #with}) or its own prices
 * ({@link #withPrices}) on a copy.
 */
public final class DeviceCatalog {
    private static final DeviceCatalog INSTANCE = load();

    private final List<DeviceSpec> devices;
    private final Map<String, DeviceSpec> byName = new LinkedHashMap<>();

    private DeviceCatalog(List<DeviceSpec> devices) {
        this.devices = List.copyOf(devices);
        for (DeviceSpec d : devices) {
            byName.put(key(d.name()), d);
            d.aliases().forEach(a -> byName.put(key(a), d));
        }
    }

    /** The shipped catalog. */
    public static DeviceCatalog get() {
        return INSTANCE;
    }

    public List<DeviceSpec> devices() {
        return devices;
    }

    /** The device called {@code name}, or null. */
    public DeviceSpec find(String name) {
        return byName.get(key(name));
    }

    /** The device called {@code name}; throws listing the known devices. */
    public DeviceSpec require(String name, String where) {
        DeviceSpec d = find(name);
        if (d == null) {
            throw new InputException(where, null, "unknown device '" + name + "'.", "use one of "
                    + String.join(", ", devices.stream().map(DeviceSpec::name).toList())
                    + ", or describe it in a device file (--device-file).");
        }
        return d;
    }

    /**
     * This catalog with the devices of a user's device file ({@code {"devices": [...]}}, the shipped file's keys).
     * An entry naming a known device overrides the fields it gives (a price, say); a new device needs
     * {@code name}, {@code bf16_tflops}, {@code fp32_tflops} (the sampler's), {@code mem_bw_gbs} and {@code mem_gb}.
     * Errors name the file and field. A {@code .yaml} file or a folder is read as AIConfigurator systems
     * ({@link #withAicSystems}).
     */
    public DeviceCatalog with(Path file) {
        if (AicSystemFile.isAicPath(file)) {
            return withAicSystems(file);
        }
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file, null, "not readable JSON (" + e.getMessage().split("\n")[0] + ").",
                    "fix the device file.");
        }
        JsonNode list = root.get("devices");
        if (list == null || !list.isArray()) {
            throw new InputException(file, "field 'devices'", "missing or not a list.",
                    "write {\"devices\": [{\"name\": ..., \"bf16_tflops\": ..., \"mem_bw_gbs\": ..., \"mem_gb\": ...}]}.");
        }
        List<DeviceSpec> out = new ArrayList<>(devices);
        for (int i = 0; i < list.size(); i++) {
            JsonNode n = list.get(i);
            String where = "devices[" + i + "]";
            if (!n.hasNonNull("name")) {
                throw new InputException(file, where + ".name", "missing.", "name the device.");
            }
            DeviceSpec base = find(n.get("name").asText());
            DeviceSpec d = parse(n, base, file + ", " + where, "device file " + file.getFileName());
            int at = out.indexOf(base);
            if (at >= 0) {
                out.set(at, d);
            } else {
                out.add(d);
            }
        }
        return new DeviceCatalog(out);
    }

    /**
     * This catalog with NVIDIA AIConfigurator's systems ({@code systems/<system>.yaml}, or the folder of them) as
     * devices: a known device (H100-SXM for {@code h100_sxm}) takes the file's memory, bandwidth, tensor FLOP/s,
     * interconnect and power and keeps what the file does not give (FP32 rate, price, collective figures).
     */
    public DeviceCatalog withAicSystems(Path fileOrDir) {
        List<DeviceSpec> out = new ArrayList<>(devices);
        for (AicSystemFile f : AicSystemFile.readAll(fileOrDir, this)) {
            DeviceSpec base = find(f.device().name());
            int at = out.indexOf(base);
            if (at >= 0) {
                out.set(at, f.device());
            } else {
                out.add(f.device());
            }
        }
        return new DeviceCatalog(out);
    }

    /** This catalog with these prices per GPU-hour (USD) by device name. */
    public DeviceCatalog withPrices(Map<String, Double> usdPerHour) {
        List<DeviceSpec> out = new ArrayList<>(devices);
        usdPerHour.forEach((name, usd) -> {
            DeviceSpec d = require(name, "--price");
            if (!(usd >= 0) || Double.isInfinite(usd)) {
                throw new InputException("--price", name, "price " + usd + " is not a non-negative number.",
                        "give USD per GPU-hour, e.g. " + name + "=2.5.");
            }
            out.set(out.indexOf(d), d.withPrice(usd));
        });
        return new DeviceCatalog(out);
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "-").replace(" ", "-");
    }

    private static DeviceCatalog load() {
        try (InputStream in = DeviceCatalog.class.getResourceAsStream("/servesim/formats/hardware/devices.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<DeviceSpec> list = new ArrayList<>();
            for (JsonNode n : root.get("devices")) {
                list.add(parse(n, null, "devices.json", null));
            }
            return new DeviceCatalog(list);
        } catch (IOException e) {
            throw new UncheckedIOException("servesim's device catalog is unreadable", e);
        }
    }

    /** A device from {@code n}, over {@code base}'s figures where given (null: a new device). */
    private static DeviceSpec parse(JsonNode n, DeviceSpec base, String where, String defaultSource) {
        List<String> aliases = new ArrayList<>(base == null ? List.of() : base.aliases());
        n.path("aliases").forEach(a -> aliases.add(a.asText()));
        double bf16 = num(n, "bf16_tflops", base == null ? Double.NaN : base.bf16Tflops());
        double bw = num(n, "mem_bw_gbs", base == null ? Double.NaN : base.memBandwidthGBs());
        double mem = num(n, "mem_gb", base == null ? Double.NaN : base.memCapacityGB());
        double fp32 = num(n, "fp32_tflops", base == null ? Double.NaN : base.fp32Tflops());
        for (Object[] req : new Object[][] {{"bf16_tflops", bf16}, {"fp32_tflops", fp32}, {"mem_bw_gbs", bw},
            {"mem_gb", mem}}) {
            if (!((double) req[1] > 0)) {
                throw new InputException(where, (String) req[0], "missing or not a positive number.",
                        "give the datasheet figure (" + req[0] + ").");
            }
        }
        double price = num(n, "price_per_hour_usd", base == null ? Double.NaN : base.pricePerHourUsd());
        if (price < 0) {
            throw new InputException(where, "price_per_hour_usd", "negative.", "give USD per GPU-hour, or null.");
        }
        return new DeviceSpec(n.get("name").asText(), List.copyOf(aliases),
                text(n, "kind", base == null ? "gpu" : base.kind()), bf16,
                num(n, "fp16_tflops", base == null ? bf16 : base.fp16Tflops()),
                num(n, "fp8_tflops", base == null ? Double.NaN : base.fp8Tflops()),
                fp32, bw, mem,
                num(n, "interconnect_gbs", base == null ? Double.NaN : base.interconnectGBs()),
                text(n, "interconnect", base == null ? "unknown" : base.interconnect()),
                num(n, "inter_node_gbs", base == null ? Double.NaN : base.interNodeGBs()),
                num(n, "pcie_gbs", base == null ? Double.NaN : base.pcieGBs()),
                num(n, "tdp_w", base == null ? Double.NaN : base.tdpWatts()),
                text(n, "source", base != null ? base.source() : defaultSource),
                n.has("collectives") ? collectives(n.get("collectives")) : base == null ? null : base.collectives(),
                price);
    }

    private static CollectiveFigures collectives(JsonNode c) {
        if (c == null || c.isNull()) {
            return null;
        }
        Map<String, Map<Integer, double[]>> byKind = new LinkedHashMap<>();
        for (String kind : new String[] {"allreduce", "allgather", "reducescatter"}) {
            JsonNode k = c.get(kind);
            if (k == null) {
                continue;
            }
            Map<Integer, double[]> byGpus = new LinkedHashMap<>();
            k.fields().forEachRemaining(e -> byGpus.put(Integer.parseInt(e.getKey()),
                    new double[] {e.getValue().get(0).asDouble(), e.getValue().get(1).asDouble()}));
            byKind.put(kind, Map.copyOf(byGpus));
        }
        return new CollectiveFigures(Map.copyOf(byKind), c.path("source").asText());
    }

    private static double num(JsonNode n, String field, double dflt) {
        JsonNode v = n.get(field);
        if (v == null) {
            return dflt;
        }
        return v.isNull() ? Double.NaN : v.asDouble();
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? dflt : v.asText();
    }
}
