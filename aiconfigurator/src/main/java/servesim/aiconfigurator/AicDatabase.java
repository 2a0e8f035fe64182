package servesim.aiconfigurator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import servesim.formats.hardware.AicSource;
import servesim.formats.hardware.AicSystemFile;
import servesim.formats.hardware.DeviceCatalog;
import servesim.models.InputException;

/**
 * One system's tables in a copy of AIConfigurator's {@code systems/} tree, for one framework and version:
 * {@code data/<system>/<op>/<framework>/<version>/<table>.parquet}. A version folder that holds a
 * {@code reuse.yaml} instead of a table points at the version whose table it reuses ({@code from_version});
 * {@link #table} follows such pointers and records where each table really came from.
 */
final class AicDatabase {
    private final Path systemsDir;
    private final AicSystemFile spec;
    private final String framework;
    private final String version;
    private final String sourceCommit;
    private final Map<String, String> resolved = new LinkedHashMap<>();

    /** @param version the framework version, or null for {@link #defaultVersion} */
    AicDatabase(Path dir, String system, String framework, String version) {
        this.systemsDir = Files.isDirectory(dir.resolve("systems")) ? dir.resolve("systems") : dir;
        if (systems().isEmpty()) {
            throw new InputException(dir, null, "holds no AIConfigurator systems (systems/<system>.yaml).",
                    "pass the folder of AIConfigurator's data (the one holding systems/), e.g. "
                    + "../shared/data/aiconfigurator.");
        }
        if (system == null) {
            throw new InputException("--system", null, "no system given.", "pass one of " + systems() + ".");
        }
        Path yaml = systemsDir.resolve(system + ".yaml");
        if (!Files.isRegularFile(yaml)) {
            throw new InputException("--system", system, "no " + yaml + ".", "pass one of " + systems() + ".");
        }
        this.spec = AicSystemFile.read(yaml, DeviceCatalog.get());
        this.framework = framework;
        this.version = version != null ? version : defaultVersion(this);
        this.sourceCommit = AicSource.commitNear(systemsDir);
    }

    AicSystemFile spec() {
        return spec;
    }

    String framework() {
        return framework;
    }

    String version() {
        return version;
    }

    /** The commit of AIConfigurator the copy was taken from (its README), or "unknown". */
    String sourceCommit() {
        return sourceCommit == null ? "unknown" : sourceCommit;
    }

    /** Where each table read so far came from: {@code table=op/framework/version}. */
    Map<String, String> resolvedTables() {
        return Map.copyOf(resolved);
    }

    /** The systems this copy holds. */
    List<String> systems() {
        try (Stream<Path> s = Files.list(systemsDir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") && !n.contains("manifest"))
                    .map(n -> n.replace(".yaml", "")).sorted().toList();
        } catch (IOException e) {
            throw new InputException(systemsDir, null, "not an AIConfigurator systems folder (" + e.getMessage()
                    + ").", "pass the folder holding systems/<system>.yaml and systems/data/.");
        }
    }

    private Path dataDir() {
        return systemsDir.resolve(spec.dataDir());
    }

    /** The table {@code name} of operator folder {@code op} for this framework and version, following reuse. */
    Path table(String op, String name) {
        return table(op, framework, version, name, new ArrayList<>());
    }

    private Path table(String op, String fw, String ver, String name, List<String> seen) {
        if (versions(op, fw).isEmpty()) {
            throw new InputException(dataDir().resolve(op), null, "no " + fw + " measurements of " + op + " for "
                    + spec.system() + " (frameworks here: " + frameworks(op) + ").",
                    "pass --framework with one of those.");
        }
        Path folder = dataDir().resolve(op).resolve(fw).resolve(ver);
        if (!Files.isDirectory(folder)) {
            // a table not collected again for this version: the newest older one, as AIConfigurator's legacy
            // newest-first donor rule reuses it
            String older = versions(op, fw).stream().filter(v -> compareVersions(v, ver) < 0)
                    .max(AicDatabase::compareVersions).orElse(null);
            if (older != null && !seen.contains(older)) {
                seen.add(ver);
                return table(op, fw, older, name, seen);
            }
        }
        Path file = folder.resolve(name + ".parquet");
        if (Files.isRegularFile(file)) {
            resolved.put(name, op + "/" + fw + "/" + ver + (seen.isEmpty() ? "" : " (reused from " + seen + ")"));
            return file;
        }
        Path reuse = folder.resolve("reuse.yaml");
        if (Files.isRegularFile(reuse)) {
            String from = reusedVersion(reuse, name);
            if (from != null && !seen.contains(from)) {
                seen.add(ver);
                return table(op, fw, from, name, seen);
            }
        }
        throw new InputException(folder, null, "no " + name + ".parquet" + (Files.isRegularFile(reuse)
                ? " and reuse.yaml does not point at one" : "") + ".", "choose a version this system has for "
                + op + ": " + versions(op, fw) + " (--framework-version).");
    }

    /** Orders version strings numerically, part by part ({@code 0.9.0 < 0.14.0}). */
    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Long.compare(part(x, i), part(y, i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static long part(String[] parts, int i) {
        if (i >= parts.length) {
            return 0;
        }
        String digits = parts[i].replaceAll("[^0-9].*", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }

    /**
     * The version to import when none is asked for: 0.19.0 where the system has GEMMs for it, else its newest
     * GEMM version.
     */
    static String defaultVersion(AicDatabase probe) {
        List<String> v = probe.versions("gemm", probe.framework);
        return v.contains("0.19.0") || v.isEmpty() ? "0.19.0" : v.stream().max(AicDatabase::compareVersions).get();
    }

    private List<String> frameworks(String op) {
        try (Stream<Path> s = Files.list(dataDir().resolve(op))) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The versions a framework has for one operator folder on this system. */
    List<String> versions(String op, String fw) {
        Path d = dataDir().resolve(op).resolve(fw);
        if (!Files.isDirectory(d)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String reusedVersion(Path reuse, String table) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(reuse.toFile());
            for (JsonNode e : root.path("reuse")) {
                if (table.equals(e.path("table").asText())) {
                    return e.path("from_version").asText(null);
                }
            }
            return null;
        } catch (IOException e) {
            throw new InputException(reuse, null, "not readable YAML (" + e.getMessage().split("\n")[0] + ").",
                    "restore the file from AIConfigurator's repository.");
        }
    }

    /**
     * The NCCL table AIConfigurator loads for this system ({@code misc.nccl_version}); the newest present when the
     * pinned one is missing.
     */
    Path ncclTable() {
        String v = spec.ncclVersion();
        Path pinned = v == null ? null : dataDir().resolve("comm/nccl").resolve(v).resolve("nccl_perf.parquet");
        if (pinned != null && Files.isRegularFile(pinned)) {
            resolved.put("nccl_perf", "comm/nccl/" + v + " (misc.nccl_version)");
            return pinned;
        }
        List<String> all = versions("comm", "nccl");
        for (int i = all.size() - 1; i >= 0; i--) {
            Path f = dataDir().resolve("comm/nccl").resolve(all.get(i)).resolve("nccl_perf.parquet");
            if (Files.isRegularFile(f)) {
                resolved.put("nccl_perf", "comm/nccl/" + all.get(i) + " (pinned " + v + " absent)");
                return f;
            }
        }
        throw new InputException(dataDir().resolve("comm/nccl"), null, "no nccl_perf.parquet.",
                "copy AIConfigurator's comm/nccl tables for " + spec.system() + ".");
    }
}
