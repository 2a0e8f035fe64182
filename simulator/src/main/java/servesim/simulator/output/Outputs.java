package servesim.simulator.output;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import servesim.formats.io.AtomicFiles;
import servesim.formats.results.ResultWriters;
import servesim.models.Registry;
import servesim.simulator.setup.ScenarioRunner;

/**
 * What a run writes, by name, in order. A new output (a plot, another table) is one {@link Output} class plus one
 * line here; a caller can write a subset, or add its own to its copy of the registry.
 */
public final class Outputs {
    /** What outputs are made with: the version of the tool writing them. */
    public record Options(String toolVersion) {
    }

    private Outputs() {
    }

    public static Registry<Options, Output> defaults() {
        return new Registry<Options, Output>("output")
                .register("summary", o -> new SummaryJson(o.toolVersion()))
                .register("requests_csv", o -> (run, dir) -> ResultWriters.requestsCsv(run.result().requests(),
                        dir.resolve("requests.csv")))
                .register("requests_arrow", o -> (run, dir) -> ResultWriters.requestsArrow(run.result().requests(),
                        dir.resolve("requests.arrow")))
                .register("timeseries", o -> (run, dir) -> ResultWriters.timeSeriesCsv(run.result().timeSeries(),
                        dir.resolve("timeseries.csv")))
                .register("instances", o -> (run, dir) -> lines(run.result().instanceSeries(),
                        dir.resolve("instances.csv")))
                .register("memory", o -> (run, dir) -> lines(run.result().memory(), dir.resolve("memory.csv")))
                .register("power", o -> new PowerCsv())
                .register("sessions", o -> (run, dir) -> {
                    if (!run.result().sessions().isEmpty()) {
                        lines(run.result().sessions().stream().map(s -> String.format(java.util.Locale.ROOT,
                                "%s,%d,%d,%d,%.6f,%.6f", s.id(), s.turns(), s.startNs(), s.endNs(), s.e2eNs() / 1e6,
                                s.toolNs() / 1e6)).collect(java.util.stream.Collectors.collectingAndThen(
                                java.util.stream.Collectors.toList(), l -> {
                                    l.add(0, "session,turns,start_ns,end_ns,e2el_ms,tool_ms");
                                    return l;
                                })), dir.resolve("sessions.csv"));
                    }
                })
                .register("report", o -> new RunReport());
    }

    /** Writes every output of the default registry into {@code dir}. */
    public static void writeAll(ScenarioRunner.Run run, Path dir) {
        writeAll(run, dir, defaults(), new Options(ToolVersion.current()));
    }

    /**
     * Writes every output of {@code outputs} as one set that replaces {@code dir}'s content at once (see
     * {@link OutputSet}).
     */
    public static void writeAll(ScenarioRunner.Run run, Path dir, Registry<Options, Output> outputs, Options o) {
        OutputSet.commit(dir, set -> writeEach(run, set, outputs, o));
    }

    /**
     * Writes every output of {@code outputs} into {@code dir} on up to {@code threads} threads (outputs are
     * independent files made from the finished, read-only run); the first failure in registry order is rethrown as
     * it was thrown. A million-request run's requests.csv, requests.arrow and report then overlap on a second core.
     */
    public static void writeEach(ScenarioRunner.Run run, Path dir, Registry<Options, Output> outputs, Options o,
                                 int threads) {
        List<String> names = outputs.names();
        servesim.simulator.observe.Parallel.map(names.size(), threads, "outputs",
                servesim.simulator.observe.Progress.NONE, i -> {
                    outputs.create(names.get(i), o, "outputs", null).write(run, dir);
                    return null;
                });
    }

    /** Writes every output of {@code outputs} into {@code dir} as it is (a sweep's point folders). */
    public static void writeEach(ScenarioRunner.Run run, Path dir, Registry<Options, Output> outputs, Options o) {
        for (String name : outputs.names()) {
            outputs.create(name, o, "outputs", null).write(run, dir);
        }
    }

    static void lines(List<String> lines, Path file) {
        AtomicFiles.write(file, tmp -> Files.write(tmp, lines));
    }
}
