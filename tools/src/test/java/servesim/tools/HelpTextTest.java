package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Every command's help describes every option and parameter, shows defaults once, and names what is required. */
class HelpTextTest {
    @Test
    void everyOptionAndParameterIsDescribedAndDefaultsShowOnce() {
        List<String> problems = new ArrayList<>();
        walk(Main.commandLine(new String[0]), problems);
        assertEquals(List.of(), problems);
    }

    private static void walk(CommandLine cl, List<String> problems) {
        CommandSpec spec = cl.getCommandSpec();
        assertTrue(spec.usageMessage().showDefaultValues(), spec.qualifiedName() + " shows defaults");
        List<ArgSpec> args = new ArrayList<>(spec.options());
        args.addAll(spec.positionalParameters());
        for (ArgSpec a : args) {
            String d = String.join(" ", a.description());
            String name = spec.qualifiedName() + " " + (a.isOption() ? ((CommandLine.Model.OptionSpec) a).longestName()
                    : a.paramLabel());
            if (d.isBlank()) {
                problems.add(name + ": no description");
            }
            if (a.defaultValue() != null && d.contains("(default")) {
                problems.add(name + ": states its default in the text and again as Default:");
            }
        }
        cl.getSubcommands().values().forEach(c -> walk(c, problems));
    }

    @Test
    void helpNamesRequiredOptionsDefaultsAndEveryOutput() {
        String profile = CliTest.run("profile", "--help").out();
        assertTrue(profile.contains("(required to profile)"), profile);
        String analytical = CliTest.run("profile", "analytical", "--help").out();
        assertTrue(analytical.replaceAll("\\s+", " ").contains("TP degree(s), e.g. 1,2,4 Default: 1"), analytical);
        String simulate = CliTest.run("simulate", "--help").out().replaceAll("\\s+", " ");
        for (String f : new String[] {"summary.json", "requests.csv", "timeseries.csv", "instances.csv", "memory.csv",
            "report.html", "power.csv", "sessions.csv"}) {
            assertTrue(simulate.contains(f), f + " in " + simulate);
        }
        assertFalse(simulate.contains("Default: null"), simulate);
    }

    @Test
    void benchRefusesAnOutFolderItWouldIgnore() {
        CliTest.Result r = CliTest.run("bench", "--out", "x");
        assertEquals(2, r.code(), r.out() + r.err());
        assertTrue(r.err().contains("--out") && r.err().contains("simulate"), r.err());
    }
}
