package servesim.simulator.router;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import servesim.formats.workload.WorkloadRequest;
import servesim.models.InputException;
import servesim.simulator.TestProfiles;
import servesim.simulator.instance.Instance;
import servesim.simulator.request.Request;

class RouterTest {
    static Instance instance(int id) {
        Instance in = TestProfiles.instance(TestProfiles.flat(), 64, 16, 8, 256, true);
        return new Instance(id, "i" + id, in.scheduler(), in.kv(), TestProfiles.exec(TestProfiles.flat(),
                new java.util.ArrayList<>()));
    }

    static Request req(int id, int in, int out, int[] ids) {
        return new Request(id, new WorkloadRequest(0, in, out, ids, null));
    }

    /** Instance 0 holds a 100 + 50 token request, instance 1 a 10 + 5 one: 1 has fewer outstanding tokens. */
    @Test
    void leastOutstandingTokens() {
        Instance a = instance(0);
        Instance b = instance(1);
        a.accept(req(0, 100, 50, null), 0);
        b.accept(req(1, 10, 5, null), 0);
        assertEquals(150, a.outstandingTokens());
        assertEquals(15, b.outstandingTokens());
        assertEquals(1, new LeastOutstandingTokensRouter().route(req(2, 5, 5, null), List.of(a, b)));
    }

    /** Instance 1 cached a 48-token prefix (3 blocks) of the request: it wins although it is busier. */
    @Test
    void prefixAwarePrefersTheCacheHolder() {
        int[] ids = new int[64];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 7 + i;
        }
        Instance a = instance(0);
        Instance b = instance(1);
        Request warm = req(0, 64, 1, ids);
        b.accept(warm, 0);
        b.startStep(0); // admits and allocates: the prompt's full blocks are cached
        b.accept(req(1, 5, 5, null), 0);
        Request probe = req(2, 64, 3, ids.clone());
        assertEquals(3, b.kv().peekPrefixBlocks(probe));
        assertEquals(1, new PrefixAwareRouter().route(probe, List.of(a, b)));
        // without token ids nothing is shared: the less loaded instance wins
        assertEquals(0, new PrefixAwareRouter().route(req(3, 64, 3, null), List.of(a, b)));
    }

    @Test
    void roundRobinAndSeededRandom() {
        List<Instance> two = List.of(instance(0), instance(1));
        RoundRobinRouter rr = new RoundRobinRouter();
        assertEquals(0, rr.route(null, two));
        assertEquals(1, rr.route(null, two));
        assertEquals(0, rr.route(null, two));
        RandomRouter x = new RandomRouter(3);
        RandomRouter y = new RandomRouter(3);
        for (int i = 0; i < 20; i++) {
            assertEquals(x.route(null, two), y.route(null, two));
        }
    }

    @Test
    void registryListsKnownNames() {
        var routers = Routers.defaults();
        InputException e = assertThrows(InputException.class, () -> routers.create("nope", 0L, "router", null));
        assertTrue(e.getMessage().contains("prefix_aware") && e.getMessage().contains("least_outstanding_tokens"),
                e.getMessage());
        routers.register("always_first", seed -> (r, in) -> 0);
        assertEquals(0, routers.create("always_first", 0L, "router", null).route(null, List.of(instance(0))));
        assertTrue(!Routers.defaults().has("always_first"), "a run's own entries never reach another run");
    }
}
