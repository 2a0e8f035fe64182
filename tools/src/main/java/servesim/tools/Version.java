package servesim.tools;

import picocli.CommandLine.IVersionProvider;

/** The tool version from the jar manifest, or "dev" when run from classes. */
public final class Version implements IVersionProvider {
    public static String current() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public String[] getVersion() {
        return new String[] {"servesim " + current()};
    }
}
