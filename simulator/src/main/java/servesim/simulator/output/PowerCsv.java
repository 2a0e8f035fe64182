package servesim.simulator.output;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import servesim.models.Units;
import servesim.simulator.power.PowerModel;
import servesim.simulator.setup.ScenarioRunner;

/** power.csv: per tick and node, the mean power of each component and their sum (only when power is modelled). */
final class PowerCsv implements Output {
    @Override
    public void write(ScenarioRunner.Run run, Path dir) {
        PowerModel.EnergyReport e = run.result().energy();
        if (e == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("t,node," + String.join(",", PowerModel.COMPONENTS.stream().map(c -> c + "_w").toList())
                + ",total_w");
        double s = e.ledger().tickNs() / Units.NS_PER_S;
        int components = PowerModel.COMPONENTS.size();
        for (int t = 0; t < e.ledger().tickCount(); t++) {
            for (int n : e.nodes()) {
                StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%.1f,%d", (t + 1) * s, n));
                double total = 0;
                for (int c = 0; c < components; c++) {
                    double w = e.ledger().energy(t, n * components + c) / s;
                    total += w;
                    b.append(String.format(Locale.ROOT, ",%.4f", w));
                }
                lines.add(b.append(String.format(Locale.ROOT, ",%.4f", total)).toString());
            }
        }
        Outputs.lines(lines, dir.resolve("power.csv"));
    }
}
