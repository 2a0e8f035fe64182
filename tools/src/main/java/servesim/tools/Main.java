package servesim.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine;
import servesim.formats.profile.lookup.ProfileLookupException;
import servesim.models.InputException;
import servesim.simulator.RunStalledException;

/**
 * The {@code servesim} command line: a thin layer over the library. Exit codes: 0 success, 2 bad input (a
 * config, trace, profile or flag, with a message naming where and how to fix it), 1 anything else (out of heap, an
 * I/O failure, or a bug: one line each; {@code --debug} prints the stack trace).
 */
@Command(name = "servesim", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Profile devices, import profiles, and simulate LLM serving deployments.")
public final class Main {
    public static final int EXIT_BAD_INPUT = 2;

    /**
     * The subcommands by name, in the order help lists them. Only the one a command line names is built (picocli
     * reflects over every option of every command it is given, a tenth of a short run's start-up); help, an unknown
     * name or none gets them all.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = commands();

    private static Map<String, Supplier<Object>> commands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("simulate", SimulateCommand::new);
        m.put("sweep", SweepCommand::new);
        m.put("capacity", CapacityCommand::new);
        m.put("compare", CompareCommand::new);
        m.put("validate", ValidateCommand::new);
        m.put("bench", BenchCommand::new);
        m.put("profile", ProfileCommand::new);
        m.put("import", ImportCommand::new);
        m.put("models", ModelsCommand::new);
        m.put("devices", DevicesCommand::new);
        m.put("pim", PimCommand::new);
        m.put("help", CommandLine.HelpCommand::new);
        return m;
    }

    /** The command line for {@code args}: with only the subcommand it names, or with all of them. */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length > 0 ? args[0] : "";
        if (COMMANDS.containsKey(first) && !first.equals("help")) {
            cl.addSubcommand(first, COMMANDS.get(first).get());
        } else {
            COMMANDS.forEach((name, make) -> cl.addSubcommand(name, make.get()));
        }
        showDefaults(cl);
        return cl;
    }

    /** Every command's help shows its options' default values. */
    private static void showDefaults(CommandLine cl) {
        cl.getCommandSpec().usageMessage().showDefaultValues(true);
        cl.getSubcommands().values().forEach(Main::showDefaults);
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI in-process; used by main and by tests. {@code --debug} anywhere prints stack traces. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        String[] rest = Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        CommandLine cl = commandLine(rest);
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> report(ex, cmd.getErr(), debug));
        cl.setParameterExceptionHandler((ex, a) -> {
            PrintWriter e = ex.getCommandLine().getErr();
            e.println("error: " + ex.getMessage() + " Fix: see '" + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help'.");
            if (ex instanceof CommandLine.UnmatchedArgumentException u) {
                CommandLine.UnmatchedArgumentException.printSuggestions(u, e);
            }
            return EXIT_BAD_INPUT;
        });
        try {
            return cl.execute(rest);
        } catch (Error e) { // out of heap, or a bug deep in the JVM stack
            return report(e, err, debug);
        }
    }

    /**
     * One message per failure, never a raw trace unless {@code --debug}: bad input (exit 2) says where and how to fix
     * it; running out of heap gives the figure and the fix; an I/O failure names the file; anything else is a bug,
     * reported in one line with where its trace went.
     */
    static int report(Throwable ex, PrintWriter err, boolean debug) {
        if (debug) {
            ex.printStackTrace(err);
        }
        if (ex instanceof InputException || ex instanceof ProfileLookupException || ex instanceof RunStalledException) {
            err.println("error: " + ex.getMessage());
            return EXIT_BAD_INPUT;
        }
        if (ex instanceof OutOfMemoryError) {
            err.printf(Locale.ROOT, "error: the run needs more memory than the Java heap allows (%.1f GiB). Fix: give "
                    + "it more, e.g. SERVESIM_JAVA_OPTS=-Xmx%dg ./servesim ..., or simulate fewer requests or with a "
                    + "larger tick_seconds.%n", Runtime.getRuntime().maxMemory() / (double) (1L << 30),
                    Math.max(2, 2 * (int) Math.ceil(Runtime.getRuntime().maxMemory() / (double) (1L << 30))));
            return 1;
        }
        if (ex instanceof UncheckedIOException || ex instanceof IOException) {
            Throwable cause = ex.getCause() != null ? ex.getCause() : ex;
            err.println("error: " + ex.getMessage() + (cause != ex ? ": " + cause : ""));
            return 1;
        }
        String where = debug ? "above" : saveTrace(ex);
        err.println("error: internal error (a bug in servesim, not in your input): " + ex + ". The stack trace is "
                + where + "; please report it with the command line. Rerun with --debug to print it.");
        return 1;
    }

    /** Writes {@code ex}'s trace to a file in the temporary folder; returns where, or why not. */
    private static String saveTrace(Throwable ex) {
        try {
            Path f = Files.createTempFile("servesim-crash-", ".txt");
            StringWriter w = new StringWriter();
            ex.printStackTrace(new PrintWriter(w));
            Files.writeString(f, w.toString());
            return "in " + f;
        } catch (IOException | RuntimeException e) {
            return "not saved (" + e.getMessage() + ")";
        }
    }
}
