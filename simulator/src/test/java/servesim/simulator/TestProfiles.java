package servesim.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongToDoubleFunction;
import servesim.formats.profile.Profile;
import servesim.formats.profile.ProfileMetadata;
import servesim.formats.profile.ProfileRow;
import servesim.formats.profile.RowKeys;
import servesim.formats.profile.lookup.LookupWarnings;
import servesim.formats.profile.lookup.ProfileLookup;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.Dtype;
import servesim.models.ForwardPass;
import servesim.models.ModelCatalog;
import servesim.models.ModelConfig;
import servesim.models.Operator;
import servesim.models.Parallelism;
import servesim.simulator.collective.LinkSpec;
import servesim.simulator.exectime.ProfileExecutionModel;
import servesim.simulator.instance.Instance;
import servesim.simulator.kvcache.KvCacheManager;
import servesim.simulator.router.RoundRobinRouter;
import servesim.simulator.scheduler.SchedulerConfig;
import servesim.simulator.scheduler.VllmV1Scheduler;

/** Small hand-made profiles and simulations for tests. */
public final class TestProfiles {
    public static final ModelConfig TINY = ModelCatalog.get().load("servesim/tiny-llama");

    private TestProfiles() {
    }

    /**
     * A profile of the tiny model where a token op costs {@code token(t)} us, lm_head/sampler {@code seq(s)} us
     * and attention {@code attn} us everywhere (on a 2-point grid per axis).
     */
    public static Profile profile(LongToDoubleFunction token, LongToDoubleFunction seq, double attn) {
        List<ProfileRow> rows = new ArrayList<>();
        for (Operator op : ForwardPass.of(TINY, Parallelism.NONE).computeOperators()) {
            switch (op.family()) {
                case TOKEN -> {
                    for (long t : new long[] {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096}) {
                        rows.add(ProfileRow.of(op.opName(), RowKeys.tokens(t), token.applyAsDouble(t)));
                    }
                }
                case SEQUENCE -> {
                    for (long s : new long[] {1, 2, 4, 8, 16, 32, 64, 128, 256}) {
                        rows.add(ProfileRow.of(op.opName(), RowKeys.sequences(s), seq.applyAsDouble(s)));
                    }
                }
                case ATTENTION -> {
                    for (long pc : new long[] {1, 4096}) {
                        for (long kp : new long[] {0, 4096}) {
                            rows.add(ProfileRow.of("attention", RowKeys.attention(pc, kp, 0, 0), attn));
                            for (long nd : new long[] {1, 256}) {
                                for (long kv : new long[] {1, 4096}) {
                                    rows.add(ProfileRow.of("attention", RowKeys.attention(pc, kp, nd, kv), attn));
                                }
                            }
                        }
                    }
                    for (long nd : new long[] {1, 256}) {
                        for (long kv : new long[] {1, 4096}) {
                            rows.add(ProfileRow.of("attention", RowKeys.attention(0, 0, nd, kv), attn));
                        }
                    }
                }
                default -> throw new IllegalStateException(op.toString());
            }
        }
        ProfileMetadata m = new ProfileMetadata("TESTDEV", "gpu", TINY.id(), "bf16", "bf16", 1, "test", "0", "", "",
                false, Map.of());
        return new Profile(m, rows);
    }

    /** Every operator costs 1 us: a step of the tiny model (22 operator calls) takes 22 us. */
    public static Profile flat() {
        return profile(t -> 1.0, s -> 1.0, 1.0);
    }

    public static ProfileExecutionModel exec(Profile p, List<String> warnings) {
        ProfileLookup l = ProfileLookup.compile(p, "test", new LookupWarnings(warnings::add));
        return ProfileExecutionModel.builder(l, ForwardPass.of(TINY, Parallelism.NONE), new LinkSpec(1e9, 0),
                Dtype.BF16).build();
    }

    /** One instance over {@code blocks} KV blocks with the given limits, on {@code profile}. */
    public static Instance instance(Profile profile, int blocks, int blockSize, int maxSeqs, int budget,
                                    boolean prefixCaching) {
        KvCacheManager kv = new KvCacheManager(blocks, blockSize, prefixCaching);
        VllmV1Scheduler s = new VllmV1Scheduler(new SchedulerConfig(maxSeqs, budget, 0, true, true), kv);
        return new Instance(0, "test", s, kv, exec(profile, new ArrayList<>()));
    }

    public static SimulationResult run(Instance in, List<WorkloadRequest> workload) {
        return Simulation.of(List.of(in), new RoundRobinRouter(), workload, 1_000_000_000L,
                new LookupWarnings(m -> { })).run();
    }

    public static WorkloadRequest req(long arrivalNs, int in, int out) {
        return new WorkloadRequest(arrivalNs, in, out, null, null);
    }
}
