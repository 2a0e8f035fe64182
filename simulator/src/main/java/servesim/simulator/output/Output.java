package servesim.simulator.output;

import java.nio.file.Path;
import servesim.simulator.setup.ScenarioRunner;

/** One file (or set of files) a finished run writes, from its typed result; each file is written atomically. */
public interface Output {
    void write(ScenarioRunner.Run run, Path dir);
}
