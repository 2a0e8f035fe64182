package servesim.simulator.plan;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import servesim.simulator.observe.Parallel;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookupException;
import servesim.formats.scenario.Scenario;
import servesim.models.InputException;
import servesim.models.Registry;
import servesim.simulator.observe.Progress;
import servesim.simulator.output.Output;
import servesim.simulator.output.Outputs;
import servesim.simulator.setup.Plugins;
import servesim.simulator.setup.ScenarioRunner;

/**
 * Runs every point of a sweep in one JVM on a pool of threads (points are independent and deterministic: each has
 * its own plug-ins, instances and event queue), writing each point's summary.json under {@code points/NNN/} and the
 * table {@code sweep.csv}/{@code sweep.arrow}. A point that cannot run (a model that does not fit, say) is a row with
 * its reason; the sweep goes on.
 */
public final class Sweep {
    private Sweep() {
    }

    /** The outcome: the table's header and rows, in point order. */
    public record Table(List<String> header, List<List<String>> rows) {
        public long failed() {
            return rows.stream().filter(r -> r.get(r.size() - 1).startsWith("error")).count();
        }
    }

    public static Table run(SweepSpec spec, int threads, Progress progress) {
        List<Map<String, Object>> points = spec.points();
        List<List<String>> rows = Parallel.map(points.size(), threads, "sweep " + spec.name(), progress,
                i -> point(spec, i, points.get(i)));
        Table t = new Table(SweepTable.header(spec), rows);
        SweepTable.write(t.header(), t.rows(), spec.outputDir(), "sweep");
        return t;
    }

    /** Runs point {@code index} (its folder {@code points/NNN}) and gives its row. */
    public static List<String> point(SweepSpec spec, int index, Map<String, Object> settings) {
        Path dir = pointDir(spec, index);
        try {
            Scenario s = spec.scenario(settings, dir);
            ScenarioRunner.Run run = ScenarioRunner.run(s, new LookupWarnings(w -> { }), Plugins.defaults());
            Registry<Outputs.Options, Output> summary = new Registry<Outputs.Options, Output>("output")
                    .register("summary", o -> Outputs.defaults().create("summary", o, "sweep", null));
            Outputs.writeEach(run, dir, summary, new Outputs.Options(servesim.simulator.output.ToolVersion.current()));
            return SweepTable.row(spec, index, settings, run);
        } catch (InputException | ProfileLookupException | IllegalStateException | IllegalArgumentException e) {
            return SweepTable.failed(spec, index, settings, e.getMessage().split("\n")[0]);
        }
    }

    static Path pointDir(SweepSpec spec, int index) {
        return spec.outputDir().resolve("points").resolve(String.format(java.util.Locale.ROOT, "%03d", index));
    }
}
