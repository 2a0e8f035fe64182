package servesim.tools;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import servesim.formats.csv.CsvTable;
import servesim.formats.results.ResultWriters;
import servesim.formats.validation.VllmRunReader;
import servesim.models.InputException;
import servesim.simulator.validation.SeriesKind;
import servesim.simulator.validation.ValidationCase;
import servesim.simulator.validation.ValidationSuite;

/**
 * {@code servesim validate}: a simulation against real measurements, either one run against one reference
 * ({@code --run OUT} with {@code --vllm} or {@code --series}) or a whole suite of cases ({@code --suite DIR}).
 * Exit code 3 when a compared statistic is out of its bound.
 */
@Command(name = "validate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Compare simulations with real measurements.",
            "  validate --suite validation/          run every case and print one table",
            "  validate --run OUT --vllm FILE        a vLLM per-request log (LLMServingSim requests.jsonl) or a "
                    + "vllm bench serve result JSON",
            "  validate --run OUT --reference-run REF  another servesim run (its output folder) as the reference",
            "  validate --run OUT --series FILE      a per-second series: gen_tok_s, prompt_tok_s, power_w, mem_mb, "
                    + "prefix_hit_pct",
            "Exit codes: 0 within bounds, 3 out of bounds, 2 bad input."})
final class ValidateCommand implements Callable<Integer> {
    static final int EXIT_OUT_OF_BOUNDS = 3;

    @Option(names = "--suite", description = "Suite folder of case files (*.yaml); see docs/validation.md")
    Path suite;

    @Option(names = "--data", description = "Reference data folder for ${data} in cases (default: $SERVESIM_DATA, "
            + "else ../shared/data beside the suite's project)")
    Path data;

    @Option(names = "--work", description = "Where suite runs write their outputs (default: out/validation)")
    Path work;

    @Option(names = "--json", description = "Also write the table as JSON to this file")
    Path json;

    @Option(names = "--run", description = "Simulation output folder (holds requests.csv)")
    Path run;

    @Option(names = {"--vllm", "--reference-run"}, description = "The reference: LLMServingSim bench requests.jsonl, "
            + "a vllm bench serve result JSON (with or without per-request details), or another servesim run's "
            + "output folder")
    Path vllm;

    @Option(names = "--series", description = "A measured per-second CSV series")
    Path series;

    @Option(names = "--value", description = "The series' value column (default: the one known column it has)")
    String value;

    @Option(names = "--time", defaultValue = "time_s", description = "The series' time column")
    String time;

    @Option(names = "--where", split = ",", description = "Keep series rows with COLUMN=VALUE (repeatable)")
    List<String> where;

    @Option(names = "--instance", description = "For per-instance outputs (memory, prefix hits): the servesim instance "
            + "(e.g. node0/instance0); default all summed")
    String instance;

    @Option(names = "--max-error", description = "With --run: fail (exit 3) when a relative error exceeds this many "
            + "percent (nRMSE: this percent as a fraction)")
    Double maxError;

    @Option(names = "--out", description = "With --run --vllm: where to write the comparison JSON (default "
            + "RUN/validation.json)")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if ((suite == null) == (run == null)) {
            throw new InputException("validate", null, "give either --suite DIR or --run OUT.",
                    "see servesim validate --help.");
        }
        List<ValidationSuite.Row> rows;
        List<ValidationSuite.Skipped> skipped = List.of();
        PrintWriter o = spec.commandLine().getOut();
        if (suite != null) {
            Path dataDir = data != null ? data : System.getenv("SERVESIM_DATA") != null
                    ? Path.of(System.getenv("SERVESIM_DATA"))
                    : suite.toAbsolutePath().normalize().getParent().resolveSibling("shared").resolve("data");
            ValidationSuite.Result r = ValidationSuite.run(suite, dataDir, work != null ? work
                    : Path.of("out", "validation"), o);
            rows = r.rows();
            skipped = r.skipped();
            o.printf(Locale.ROOT, "suite %s: %d cases run, %d skipped (data in %s)%n", suite, r.casesRun(),
                    skipped.size(), dataDir);
        } else {
            rows = single();
        }
        print(o, rows, skipped);
        if (json != null) {
            ResultWriters.summaryJson(toMap(rows, skipped), json);
            o.println("wrote " + json);
        }
        long failed = rows.stream().filter(r -> !r.pass()).count();
        if (failed > 0) {
            o.printf(Locale.ROOT, "%d of %d comparisons out of bounds%n", failed, rows.size());
            return EXIT_OUT_OF_BOUNDS;
        }
        return 0;
    }

    private List<ValidationSuite.Row> single() {
        if ((vllm == null) == (series == null)) {
            throw new InputException("validate --run", null, "give one reference: --vllm FILE or --series FILE.",
                    "see servesim validate --help.");
        }
        if (!Files.isRegularFile(run.resolve("requests.csv"))) {
            throw new InputException(run.resolve("requests.csv"), null, "no simulation output here.",
                    "pass the --out folder of a servesim simulate run.");
        }
        double bound = maxError != null ? maxError : Double.POSITIVE_INFINITY;
        String name = run.getFileName() == null ? run.toString() : run.getFileName().toString();
        ValidationCase.Check check;
        if (vllm != null) {
            Path ref = vllm;
            boolean summaryOnly = !Files.isDirectory(ref) && ref.toString().endsWith(".json")
                    && !VllmRunReader.hasDetails(ref);
            check = summaryOnly ? new ValidationCase.BenchCheck(ref, "bench", Map.of("mean", bound, "percentile", bound))
                    : new ValidationCase.RequestsCheck(ref, "requests", List.of("ttft", "tpot", "latency"),
                    Map.of("mean", bound, "median", bound, "p90", bound, "p95", bound, "p99", bound));
        } else {
            CsvTable t = CsvTable.read(series);
            String col = value;
            if (col == null) {
                List<String> known = t.header().stream().filter(SeriesKind.BY_COLUMN::containsKey).toList();
                if (known.size() != 1) {
                    throw new InputException(series, "header", "cannot tell which column to compare (known: "
                            + SeriesKind.BY_COLUMN.keySet() + ").", "pass --value COLUMN.");
                }
                col = known.get(0);
            }
            SeriesKind kind = SeriesKind.BY_COLUMN.get(col);
            if (kind == null) {
                throw new InputException("--value", null, "'" + col + "' is not a series servesim can compare.",
                        "use one of " + SeriesKind.BY_COLUMN.keySet() + ".");
            }
            Map<String, Double> bounds = new LinkedHashMap<>();
            kind.stats().forEach(s -> bounds.put(s, s.equals("nrmse") ? bound / 100 : bound));
            Map<String, String> filter = new LinkedHashMap<>();
            if (where != null) {
                for (String w : where) {
                    String[] kv = w.split("=", 2);
                    if (kv.length != 2) {
                        throw new InputException("--where", null, "'" + w + "' is not COLUMN=VALUE.",
                                "write e.g. --where scenario=MD.");
                    }
                    filter.put(kv[0], kv[1]);
                }
            }
            Map<String, String> simWhere = kind.perInstance() && instance != null ? Map.of("instance", instance)
                    : kind.perInstance() ? Map.of() : Map.of();
            check = new ValidationCase.SeriesCheck(series, col, time, col, filter, 1.0, 0, kind.simFile(),
                    kind.simValue(), simWhere, kind.missingIsZero(), bounds);
        }
        List<ValidationSuite.Row> rows = ValidationSuite.compare(name, check, run);
        if (vllm != null) {
            Map<String, Object> m = toMap(rows, List.of());
            ResultWriters.summaryJson(m, out != null ? out : run.resolve("validation.json"));
        }
        return rows;
    }

    private static void print(PrintWriter o, List<ValidationSuite.Row> rows, List<ValidationSuite.Skipped> skipped) {
        o.printf(Locale.ROOT, "  %-28s %-34s %14s %14s %10s %9s  %s%n", "case", "metric", "real", "servesim", "error",
                "bound", "pass");
        for (ValidationSuite.Row r : rows) {
            String unit = r.unit().equals("%") ? "%" : "";
            String bound = Double.isInfinite(r.bound()) ? "-" : String.format(Locale.ROOT, "%.3f%s", r.bound(), unit);
            o.printf(Locale.ROOT, "  %-28s %-34s %14s %14s %9.3f%1s %9s  %s%n", r.caseName(), r.metric(),
                    num(r.real()), num(r.sim()), r.error(), unit, bound, Double.isInfinite(r.bound()) ? ""
                    : r.pass() ? "pass" : "FAIL");
        }
        for (ValidationSuite.Skipped s : skipped) {
            o.printf(Locale.ROOT, "  %-28s skipped: %s%n", s.caseName(), s.reason());
        }
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static Map<String, Object> toMap(List<ValidationSuite.Row> rows, List<ValidationSuite.Skipped> skipped) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (ValidationSuite.Row r : rows) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("case", r.caseName());
            x.put("metric", r.metric());
            x.put("real", Double.isNaN(r.real()) ? null : r.real());
            x.put("servesim", Double.isNaN(r.sim()) ? null : r.sim());
            x.put("error", r.error());
            x.put("unit", r.unit());
            x.put("bound", Double.isInfinite(r.bound()) ? null : r.bound());
            x.put("pass", r.pass());
            list.add(x);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", list);
        List<Map<String, Object>> sk = new ArrayList<>();
        for (ValidationSuite.Skipped s : skipped) {
            sk.add(Map.of("case", s.caseName(), "reason", s.reason()));
        }
        m.put("skipped", sk);
        m.put("passed", rows.stream().allMatch(ValidationSuite.Row::pass));
        return m;
    }
}
