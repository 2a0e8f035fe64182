package servesim.simulator.output;

/** The servesim version: the jar manifest's, or "dev" when run from classes. */
public final class ToolVersion {
    private ToolVersion() {
    }

    public static String current() {
        String v = ToolVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
