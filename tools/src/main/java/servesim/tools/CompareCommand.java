package servesim.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import servesim.formats.results.ResultWriters;
import servesim.models.InputException;

/** {@code servesim compare RUN...}: summary metrics side by side, with each run's difference from the first. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare runs (output folders or summary.json files): one row per metric, one column per run, "
                + "the difference from the first run in percent.")
final class CompareCommand implements Callable<Integer> {
    static final List<String> DEFAULT = List.of("request_throughput", "output_throughput", "request_goodput",
            "mean_ttft_ms", "median_ttft_ms", "p90_ttft_ms", "p99_ttft_ms", "mean_tpot_ms", "median_tpot_ms",
            "p90_tpot_ms", "p99_tpot_ms", "mean_itl_ms", "p99_itl_ms", "mean_e2el_ms", "median_e2el_ms",
            "p99_e2el_ms", "max_concurrent_requests");

    @Parameters(paramLabel = "RUN", arity = "2..*", description = "Output folders (or summary.json files); the first "
            + "is the baseline")
    List<Path> runs;

    @Option(names = "--metrics", split = ",", description = "Summary keys to compare (default: throughputs, goodput, "
            + "and TTFT/TPOT/ITL/E2EL statistics)")
    List<String> metrics;

    @Option(names = "--csv", description = "Also write the table as CSV")
    Path csv;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        List<JsonNode> summaries = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path r : runs) {
            Path f = Files.isDirectory(r) ? r.resolve("summary.json") : r;
            try {
                summaries.add(new ObjectMapper().readTree(f.toFile()));
            } catch (IOException e) {
                throw new InputException(f, null, "cannot read a run summary (" + e.getMessage().split("\n")[0]
                        + ").", "pass servesim output folders or their summary.json.");
            }
            Path named = Files.isDirectory(r) ? r : r.toAbsolutePath().getParent();
            names.add(named.getFileName() == null ? r.toString() : named.getFileName().toString());
        }
        List<String> keys = metrics != null ? metrics : DEFAULT.stream()
                .filter(k -> summaries.stream().allMatch(s -> s.has(k))).toList();
        for (String k : keys) {
            for (int i = 0; i < summaries.size(); i++) {
                if (!summaries.get(i).path(k).isNumber()) {
                    throw new InputException(runs.get(i).toString(), k, "not a numeric key of this run's summary.",
                            "pick keys every run has (see its summary.json).");
                }
            }
        }
        List<String> header = new ArrayList<>(List.of("metric"));
        for (int i = 0; i < names.size(); i++) {
            header.add(names.get(i));
            if (i > 0) {
                header.add("diff_pct_" + names.get(i));
            }
        }
        List<List<String>> rows = new ArrayList<>();
        var o = spec.commandLine().getOut();
        StringBuilder head = new StringBuilder(String.format(Locale.ROOT, "%-26s", "metric"));
        for (int i = 0; i < names.size(); i++) {
            head.append(String.format(Locale.ROOT, " %14s", trim(names.get(i))));
            if (i > 0) {
                head.append(String.format(Locale.ROOT, " %8s", "diff%"));
            }
        }
        o.println(head);
        for (String k : keys) {
            double base = summaries.get(0).get(k).asDouble();
            List<String> row = new ArrayList<>(List.of(k));
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-26s", k));
            for (int i = 0; i < summaries.size(); i++) {
                double v = summaries.get(i).get(k).asDouble();
                row.add(Double.toString(v));
                line.append(String.format(Locale.ROOT, " %14.3f", v));
                if (i > 0) {
                    double d = base == 0 ? Double.NaN : 100 * (v - base) / base;
                    row.add(Double.isNaN(d) ? "" : Double.toString(d));
                    line.append(Double.isNaN(d) ? String.format(Locale.ROOT, " %8s", "-")
                            : String.format(Locale.ROOT, " %+7.1f%%", d));
                }
            }
            rows.add(row);
            o.println(line);
        }
        if (csv != null) {
            ResultWriters.tableCsv(header, rows, csv);
            o.println("wrote " + csv);
        }
        return 0;
    }

    private static String trim(String s) {
        return s.length() <= 14 ? s : s.substring(0, 13) + "~";
    }
}
