package servesim.simulator.scheduler;

import servesim.models.Registry;

/** The schedulers a run can name; a new policy is one class plus one line here. */
public final class Schedulers {
    private Schedulers() {
    }

    public static Registry<Scheduler.Parts, Scheduler> defaults() {
        return new Registry<Scheduler.Parts, Scheduler>("scheduler")
                .register("vllm_v1", p -> new VllmV1Scheduler(p.config(), p.kv()));
    }
}
