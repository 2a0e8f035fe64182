package servesim.tools;

import picocli.CommandLine.Command;

/** {@code servesim profile ...}: inspect and make profiles. */
@Command(name = "profile", mixinStandardHelpOptions = true, description = "Inspect, estimate and compare profiles.",
        subcommands = {ProfileInfoCommand.class, ProfileAnalyticalCommand.class, ProfileCompareCommand.class})
final class ProfileCommand {
}
