package servesim.simulator.router;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import servesim.simulator.TestProfiles;
import servesim.simulator.instance.Instance;
import servesim.simulator.request.Request;

class VllmDpRouterTest {

    private static Request at(long ns) {
        return new Request(0, TestProfiles.req(ns, 8, 1));
    }

    /**
     * Member 0 has 1 waiting (score 4), member 1 has 3 running (score 3). Within one 100 ms stats interval the
     * router sends the first request to member 1 (score 3 -> 7 with the request counted as waiting), the next two to
     * member 0 (4 -> 8) and member 1 (7 -> 11)... ties to the lower index. A new interval reads the members' counts
     * afresh.
     */
    @Test
    void balancesOnStaleCountsPlusItsOwnSends() {
        Instance a = TestProfiles.instance(TestProfiles.flat(), 64, 16, 8, 64, false);
        Instance b = TestProfiles.instance(TestProfiles.flat(), 64, 16, 8, 64, false);
        a.scheduler().add(at(0), 0);
        for (int i = 0; i < 3; i++) {
            b.accept(at(0), 0);
        }
        b.scheduler().schedule(0);
        assertEquals(0, b.numWaiting());
        assertEquals(3, b.numRunning());
        List<Instance> members = List.of(a, b);
        VllmDpRouter router = new VllmDpRouter();
        List<Integer> picks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            picks.add(router.route(at(10_000_000L * i), members));
        }
        assertEquals(List.of(1, 0, 1, 0), picks);
        // 100 ms later the counts are read again: member 0 still 1 waiting (4), member 1 3 running (3)
        assertEquals(1, router.route(at(100_000_000L), members));
    }
}
