package servesim.simulator.setup;

import servesim.models.Registry;
import servesim.simulator.moe.ExpertRouting;
import servesim.simulator.moe.ExpertRoutings;
import servesim.simulator.router.Router;
import servesim.simulator.router.Routers;
import servesim.simulator.scheduler.Scheduler;
import servesim.simulator.scheduler.Schedulers;

/**
 * The pluggable parts one run can name: routers, expert-routing policies and schedulers. Made per run (never
 * global); a caller adds its own entries to its copy.
 */
public record Plugins(Registry<Long, Router> routers, Registry<Long, ExpertRouting> expertRoutings,
                      Registry<Scheduler.Parts, Scheduler> schedulers) {
    public static Plugins defaults() {
        return new Plugins(Routers.defaults(), ExpertRoutings.defaults(), Schedulers.defaults());
    }
}
