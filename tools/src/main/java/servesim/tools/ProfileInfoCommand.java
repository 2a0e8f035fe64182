package servesim.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileReader;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.lookup.GridTable;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.models.Operator;

/** {@code servesim profile info FILE}: metadata, operators, key ranges and row counts. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print a profile's metadata, operators, key ranges and row counts.")
final class ProfileInfoCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "Arrow profile file")
    Path file;

    @picocli.CommandLine.Option(names = "--json", description = "Print the report as JSON (for scripts)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Profile p = ProfileReader.read(file);
        ProfileLookup lookup = ProfileLookup.compile(p, file.toString(), new LookupWarnings(m -> { }));
        var out = spec.commandLine().getOut();
        if (json) {
            JsonOut.print(new ProfileReport(p, lookup).json(file.toString()), out);
        } else {
            new ProfileReport(p, lookup).print(file.toString(), out);
        }
        return 0;
    }

    /** The text report; kept separate from option parsing. */
    record ProfileReport(Profile profile, ProfileLookup lookup) {
        void print(String name, java.io.PrintWriter out) {
            var m = profile.metadata();
            out.println("profile   " + name);
            if (m.estimate()) {
                out.println("  *** ESTIMATE: analytical roofline from datasheet figures, not a measurement ***");
            }
            out.printf(Locale.ROOT, "  device    %s (%s)%n", m.device(), m.deviceKind());
            out.printf(Locale.ROOT, "  model     %s  dtype %s  kv %s  tp %d%n", m.model(), m.dtype(), m.kvDtype(),
                    m.tp());
            out.printf(Locale.ROOT, "  source    %s  (profiler %s, created %s)%n", m.source(), m.profilerVersion(),
                    m.createdAt());
            if (m.host() != null && !m.host().isEmpty()) {
                out.println("  host      " + m.host());
            }
            m.opAliases().forEach((a, t) -> out.println("  alias     " + a + " -> rows of " + t));
            m.extra().forEach((k, v) -> {
                if (!k.equals(servesim.formats.profile.ProfileMetadata.OP_ALIASES) && !v.contains("\n")) {
                    out.println("  " + k + " = " + v);
                }
            });
            out.printf(Locale.ROOT, "  rows      %d%n%n", profile.rows().size());
            out.printf(Locale.ROOT, "  %-26s %7s  %-62s %s%n", "operator", "rows", "key ranges", "latency us (min-max)");
            for (Map.Entry<String, List<ProfileRow>> e : profile.rowsByOp().entrySet()) {
                List<ProfileRow> rows = e.getValue();
                out.printf(Locale.ROOT, "  %-26s %7d  %-62s %s%n", e.getKey(), rows.size(), KeyRanges.of(rows),
                        latencyRange(rows));
                Operator op = Operator.byName(e.getKey());
                if (op != null && lookup.has(op)) {
                    for (GridTable g : lookup.grids().get(op)) {
                        if (g.interpolatedFills() + g.extrapolatedFills() > 0) {
                            out.printf(Locale.ROOT, "  %-26s %7s  grid holes filled: %d interpolated, %d "
                                    + "extrapolated (of %d measured)%n", "", "", g.interpolatedFills(),
                                    g.extrapolatedFills(), g.measuredCells());
                        }
                    }
                }
            }
        }

        /** The same facts as {@link #print}, as a JSON-ready map. */
        java.util.Map<String, Object> json(String name) {
            var m = profile.metadata();
            java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
            r.put("file", name);
            r.put("estimate", m.estimate());
            r.put("device", m.device());
            r.put("device_kind", m.deviceKind());
            r.put("model", m.model());
            r.put("dtype", m.dtype());
            r.put("kv_dtype", m.kvDtype());
            r.put("tp", m.tp());
            r.put("source", m.source());
            r.put("profiler_version", m.profilerVersion());
            r.put("created_at", m.createdAt());
            r.put("host", m.host());
            r.put("op_aliases", m.opAliases());
            java.util.Map<String, String> extra = new java.util.LinkedHashMap<>(m.extra());
            extra.remove(servesim.formats.profile.ProfileMetadata.OP_ALIASES);
            r.put("extra", extra);
            r.put("rows", profile.rows().size());
            List<Object> ops = new java.util.ArrayList<>();
            for (Map.Entry<String, List<ProfileRow>> e : profile.rowsByOp().entrySet()) {
                java.util.Map<String, Object> o = new java.util.LinkedHashMap<>();
                List<ProfileRow> rows = e.getValue();
                o.put("operator", e.getKey());
                o.put("rows", rows.size());
                o.put("key_ranges", KeyRanges.of(rows));
                double[] range = latencyBounds(rows);
                o.put("latency_us_min", JsonOut.num(range[0]));
                o.put("latency_us_max", JsonOut.num(range[1]));
                Operator op = Operator.byName(e.getKey());
                if (op != null && lookup.has(op)) {
                    List<Object> grids = new java.util.ArrayList<>();
                    for (GridTable g : lookup.grids().get(op)) {
                        java.util.Map<String, Object> gr = new java.util.LinkedHashMap<>();
                        gr.put("measured_cells", g.measuredCells());
                        gr.put("interpolated_fills", g.interpolatedFills());
                        gr.put("extrapolated_fills", g.extrapolatedFills());
                        grids.add(gr);
                    }
                    o.put("grids", grids);
                }
                ops.add(o);
            }
            r.put("operators", ops);
            return r;
        }

        private static String latencyRange(List<ProfileRow> rows) {
            double[] r = latencyBounds(rows);
            return Double.isNaN(r[0]) ? "(no latency: auxiliary rows)"
                    : String.format(Locale.ROOT, "%.3f - %.3f", r[0], r[1]);
        }

        /** The smallest and largest median latency of {@code rows}, NaN for rows without one. */
        private static double[] latencyBounds(List<ProfileRow> rows) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (ProfileRow r : rows) {
                double v = r.latency().medianUs();
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
            return lo > hi ? new double[] {Double.NaN, Double.NaN} : new double[] {lo, hi};
        }
    }
}
