package servesim.tools;

import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine;
import servesim.formats.profile.lookup.ProfileLookupException;
import servesim.models.InputException;

/**
 * The {@code servesim} command line: a thin layer over the library. Exit codes: 0 success, 2 bad input (a
 * config, trace, profile or flag, with a message naming where and how to fix it), 1 anything else.
 */
@Command(name = "servesim", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Profile devices, import profiles, and simulate LLM serving deployments.",
        subcommands = {SimulateCommand.class, SweepCommand.class, CapacityCommand.class, CompareCommand.class, ValidateCommand.class, BenchCommand.class, ProfileCommand.class, ImportCommand.class, ModelsCommand.class, DevicesCommand.class, PimCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    public static final int EXIT_BAD_INPUT = 2;

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI in-process; used by main and by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof InputException || ex instanceof ProfileLookupException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return EXIT_BAD_INPUT;
            }
            cmd.getErr().println("error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return 1;
        });
        return cl.execute(args);
    }
}
