package servesim.tools;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;
import servesim.formats.hardware.DeviceCatalog;

/** The options that extend the device catalog for one command: a user device file, and prices. */
final class DeviceOptions {
    @Option(names = "--device-file", description = "Device file adding devices (or overriding catalog figures), "
            + "JSON with the catalog's keys, or AIConfigurator systems (a systems/<system>.yaml or the systems folder)")
    Path deviceFile;

    @Option(names = "--price", description = "Price per GPU-hour in USD for a device, NAME=USD (repeatable)")
    Map<String, Double> prices = new LinkedHashMap<>();

    /** The shipped catalog with this command's device file and prices. */
    DeviceCatalog catalog() {
        DeviceCatalog c = DeviceCatalog.get();
        if (deviceFile != null) {
            c = c.with(deviceFile);
        }
        return prices.isEmpty() ? c : c.withPrices(prices);
    }
}
