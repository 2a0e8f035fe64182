package servesim.simulator.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import servesim.formats.importer.llmservingsim.LlmServingSimImporter;
import servesim.formats.importer.llmservingsim.LlmServingSimV1Importer;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileWriter;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.results.RequestsCsvReader;
import servesim.formats.scenario.Scenario;
import servesim.formats.scenario.ScenarioReader;
import servesim.formats.validation.LatencySamples;
import servesim.formats.validation.Series;
import servesim.formats.validation.SeriesComparison;
import servesim.formats.validation.Validation;
import servesim.formats.validation.VllmRunReader;
import servesim.models.InputException;
import servesim.models.Units;
import servesim.simulator.setup.ScenarioRunner;

/**
 * Runs every case of a suite folder ({@link ValidationCase}): converts the profiles each needs (once per source),
 * simulates its scenario into {@code work/<case>/}, and compares the outputs with its references. The result is one
 * table of rows (case, metric, real, servesim, error, bound, pass) and the cases skipped for missing data.
 */
public final class ValidationSuite {
    private ValidationSuite() {
    }

    /**
     * One compared statistic.
     *
     * @param caseName case
     * @param metric   what was compared (e.g. {@code ttft mean}, {@code gen_tok_s nrmse})
     * @param real     measured value (NaN where the statistic is the error itself, as nRMSE)
     * @param sim      simulated value
     * @param error    the error compared with the bound: percent for relative statistics, else absolute
     * @param unit     {@code %} for relative errors, else the unit of the absolute error
     * @param bound    the case's bound on |error|
     */
    public record Row(String caseName, String metric, double real, double sim, double error, String unit,
                      double bound) {
        public boolean pass() {
            return Math.abs(error) <= bound;
        }
    }

    /** A case not run, and why. */
    public record Skipped(String caseName, String reason) {
    }

    /** The suite's outcome. */
    public record Result(List<Row> rows, List<Skipped> skipped, int casesRun) {
    }

    /** The case files of {@code suiteDir} ({@code *.yaml}, {@code *.yml}), sorted by name. */
    public static List<Path> caseFiles(Path suiteDir) {
        if (!Files.isDirectory(suiteDir)) {
            throw new InputException(suiteDir, null, "not a folder.", "pass the suite folder (e.g. validation/).");
        }
        try (Stream<Path> s = Files.list(suiteDir)) {
            List<Path> files = s.filter(p -> p.getFileName().toString().matches(".*\\.ya?ml")).sorted().toList();
            if (files.isEmpty()) {
                throw new InputException(suiteDir, null, "holds no case files (*.yaml).", "add cases; see "
                        + "docs/validation.md.");
            }
            return files;
        } catch (IOException e) {
            throw new InputException(suiteDir, null, "cannot list (" + e.getMessage() + ").", "check the path.");
        }
    }

    /** Runs every case of {@code suiteDir} with reference data under {@code dataDir}; outputs go to {@code work}. */
    public static Result run(Path suiteDir, Path dataDir, Path work, PrintWriter log) {
        List<Row> rows = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        Map<Path, Path> converted = new LinkedHashMap<>();
        int run = 0;
        for (Path file : caseFiles(suiteDir)) {
            ValidationCase c = ValidationCase.read(file, dataDir);
            if (!c.missing().isEmpty()) {
                skipped.add(new Skipped(c.name(), "reference data absent: " + c.missing().get(0)));
                continue;
            }
            long t0 = System.nanoTime();
            rows.addAll(runCase(c, work, converted));
            run++;
            log.printf(java.util.Locale.ROOT, "  ran %s in %.1f s%n", c.name(), (System.nanoTime() - t0) / Units.NS_PER_S);
            log.flush();
        }
        return new Result(rows, skipped, run);
    }

    /** Simulates one case and compares it; {@code converted} caches profile conversions across cases. */
    public static List<Row> runCase(ValidationCase c, Path work, Map<Path, Path> converted) {
        List<Path> roots = new ArrayList<>();
        for (Path source : c.profiles()) {
            roots.add(converted.computeIfAbsent(source, s -> convert(s, work.resolve("profiles")
                    .resolve("p" + converted.size()))));
        }
        Scenario base = ScenarioReader.read(c.scenario(), c.file(), c.file().toAbsolutePath().getParent(),
                c.file() + " scenario");
        List<Path> allRoots = new ArrayList<>(roots);
        allRoots.addAll(base.profileRoots());
        Path out = work.resolve(c.name());
        Scenario s = base.toBuilder().name(c.name()).profileRoots(allRoots).outputDir(out).build();
        ScenarioRunner.Run result = ScenarioRunner.run(s, new LookupWarnings(w -> { }));
        servesim.simulator.output.Outputs.writeAll(result, out);
        List<Row> rows = new ArrayList<>();
        for (ValidationCase.Check check : c.checks()) {
            rows.addAll(compare(c.name(), check, out));
        }
        return rows;
    }

    /** Converts an LLMServingSim bundle or v1.0 perf model into {@code <dir>/<hardware>/<model>/<dtype>/tp<N>.arrow}. */
    static Path convert(Path source, Path dir) {
        Map<Integer, Profile> profiles = Files.isRegularFile(source.resolve("meta.yaml"))
                ? LlmServingSimImporter.importBundle(source, null)
                : LlmServingSimV1Importer.importFolder(source, null, null, null);
        profiles.forEach((tp, p) -> ProfileWriter.write(p, dir.resolve(p.metadata().device())
                .resolve(p.metadata().model()).resolve(p.metadata().dtype()).resolve("tp" + tp + ".arrow")));
        return dir;
    }

    /** Compares one reference with the run in {@code out}. */
    public static List<Row> compare(String caseName, ValidationCase.Check check, Path out) {
        if (check instanceof ValidationCase.RequestsCheck r) {
            return requests(caseName, r, out);
        }
        if (check instanceof ValidationCase.BenchCheck b) {
            return bench(caseName, b, out);
        }
        return series(caseName, (ValidationCase.SeriesCheck) check, out);
    }

    private static List<Row> requests(String caseName, ValidationCase.RequestsCheck r, Path out) {
        LatencySamples real = java.nio.file.Files.isDirectory(r.reference())
                ? Validation.simulated(RequestsCsvReader.read(servesimRun(r.reference())), "arrival")
                : VllmRunReader.read(r.reference());
        LatencySamples sim = Validation.simulated(RequestsCsvReader.read(out.resolve("requests.csv")), real.origin());
        List<Row> rows = new ArrayList<>();
        for (Validation.Row v : Validation.compare(real, sim)) {
            Double bound = r.bounds().get(v.stat());
            if (bound == null || !r.metrics().contains(v.metric())) {
                continue;
            }
            String origin = real.origin().equals("queued") ? " (from queued)" : " (from arrival)";
            rows.add(new Row(caseName, v.metric() + " " + v.stat() + origin, v.realMs(), v.simMs(), v.diffPct(), "%",
                    bound));
        }
        return rows;
    }

    /** A servesim run folder as the reference: its requests.csv, timed from each request's send. */
    static Path servesimRun(Path dir) {
        Path f = dir.resolve("requests.csv");
        if (!java.nio.file.Files.isRegularFile(f)) {
            throw new InputException(f, null, "the reference folder is not a servesim run (no requests.csv).",
                    "pass the --out folder of a servesim simulate run, or a vLLM log.");
        }
        return f;
    }

    private static List<Row> bench(String caseName, ValidationCase.BenchCheck b, Path out) {
        Map<String, Double> real = VllmRunReader.benchSummary(b.reference());
        JsonNode summary;
        try {
            summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        } catch (IOException e) {
            throw new InputException(out.resolve("summary.json"), null, "cannot read (" + e.getMessage() + ").",
                    "rerun the simulation.");
        }
        List<Row> rows = new ArrayList<>();
        real.forEach((key, value) -> {
            String stat = key.substring(0, key.indexOf('_'));
            Double bound = b.bounds().containsKey(key) ? b.bounds().get(key)
                    : b.bounds().get(stat.equals("mean") ? "mean" : "percentile");
            JsonNode sim = summary.get(key.replace("p50_", "median_"));
            if (bound == null || sim == null || !sim.isNumber()) {
                return;
            }
            rows.add(new Row(caseName, key, value, sim.asDouble(), (sim.asDouble() - value) / value * 100, "%", bound));
        });
        return rows;
    }

    private static List<Row> series(String caseName, ValidationCase.SeriesCheck s, Path out) {
        Series real = Series.csv(s.reference(), s.time(), s.value(), s.where()).shifted(s.offsetS()).scaled(s.scale());
        Series sim = Series.csv(out.resolve(s.simFile()), "t", s.simValue(), s.simWhere());
        List<Row> rows = new ArrayList<>();
        s.bounds().forEach((stat, bound) -> {
            if (stat.equals("meandiff")) {
                SeriesComparison.Stat m = SeriesComparison.stat("mean", real, sim, s.missingIsZero());
                rows.add(new Row(caseName, s.label() + " mean diff", m.real(), m.sim(), m.sim() - m.real(), "abs",
                        bound));
                return;
            }
            SeriesComparison.Stat st = SeriesComparison.stat(stat, real, sim, s.missingIsZero());
            boolean nrmse = stat.equals("nrmse");
            rows.add(new Row(caseName, s.label() + " " + stat, nrmse ? Double.NaN : st.real(), nrmse ? Double.NaN
                    : st.sim(), st.error(), nrmse ? "" : "%", bound));
        });
        return rows;
    }
}
