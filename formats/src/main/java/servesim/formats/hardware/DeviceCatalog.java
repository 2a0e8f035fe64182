package servesim.formats.hardware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import servesim.models.InputException;

/** The accelerators servesim knows from datasheets, by name or alias (case-insensitive). */
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
                    + String.join(", ", devices.stream().map(DeviceSpec::name).toList()) + ".");
        }
        return d;
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "-").replace(" ", "-");
    }

    private static DeviceCatalog load() {
        try (InputStream in = DeviceCatalog.class.getResourceAsStream("/servesim/formats/hardware/devices.json")) {
            JsonNode root = new ObjectMapper().readTree(in);
            List<DeviceSpec> list = new ArrayList<>();
            for (JsonNode n : root.get("devices")) {
                List<String> aliases = new ArrayList<>();
                n.path("aliases").forEach(a -> aliases.add(a.asText()));
                list.add(new DeviceSpec(n.get("name").asText(), List.copyOf(aliases), n.get("kind").asText(),
                        num(n, "bf16_tflops"), num(n, "fp16_tflops"), num(n, "fp8_tflops"), num(n, "fp32_tflops"),
                        num(n, "mem_bw_gbs"), num(n, "mem_gb"), num(n, "interconnect_gbs"),
                        n.get("interconnect").asText(), num(n, "tdp_w"), n.get("source").asText(),
                        collectives(n.get("collectives"))));
            }
            return new DeviceCatalog(list);
        } catch (IOException e) {
            throw new UncheckedIOException("servesim's device catalog is unreadable", e);
        }
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

    private static double num(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Double.NaN : v.asDouble();
    }
}
