package servesim.tools;

import picocli.CommandLine.IVersionProvider;

/** The tool version from the jar manifest, or "dev" when run from classes. */
public final class Version implements IVersionProvider {
    public static String current() {
        return servesim.simulator.output.ToolVersion.current();
    }

    @Override
    public String[] getVersion() {
        return new String[] {"servesim " + current()};
    }
}
