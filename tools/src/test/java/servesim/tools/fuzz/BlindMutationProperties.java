package servesim.tools.fuzz;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The generated half of the fuzz suite: jqwik picks an input kind, a blind {@link Mutation} and a seed for where it
 * strikes. Whatever the damage, servesim either runs (exit 0, results without NaN) or refuses (exit 2, one message
 * naming the file and where, no result files); it never crashes (exit 1, a stack trace) or hangs.
 */
class BlindMutationProperties {
    @Property(tries = 320, seed = "20261201")
    void anyDamageIsRunOrRefusedCleanly(@ForAll("kinds") String kind, @ForAll Mutation mutation,
                                        @ForAll long seed) {
        Assume.that(Corpus.available());
        Corpus corpus = Corpus.get();
        Inputs.Kind k = corpus.kinds.get(kind);
        byte[][] damaged = new byte[1][];
        String what = mutation.apply(k.base(), new Random(seed), damaged);
        try {
            corpus.check(k, mutation + " (" + what + ")", damaged[0], null, false);
        } catch (AssertionError e) {
            if (System.getenv("FUZZ_COLLECT") == null) {
                throw e;
            }
            try {
                java.nio.file.Files.writeString(java.nio.file.Path.of(System.getenv("FUZZ_COLLECT")),
                        e.getMessage().split("\n  stdout")[0] + "\n====\n", java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
            } catch (java.io.IOException x) {
                throw new java.io.UncheckedIOException(x);
            }
        }
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.of(List.of("llmservingsim-trace", "mooncake-trace", "azure-trace", "vidur-trace",
                "cluster", "engine", "scenario", "arrow-profile", "bundle-dense.csv", "bundle-attention.csv",
                "bundle-per_sequence.csv", "hf-config", "vidur-network", "pim-ini"));
    }
}
