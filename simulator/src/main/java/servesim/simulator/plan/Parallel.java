package servesim.simulator.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import servesim.simulator.observe.Progress;

/** Independent jobs on a fixed pool of threads, results in job order, progress as they finish. */
final class Parallel {
    private Parallel() {
    }

    static <R> List<R> map(int jobs, int threads, String what, Progress progress, IntFunction<R> job) {
        progress.start(what, jobs);
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (int i = 0; i < jobs; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    R r = job.apply(index);
                    progress.step(done.incrementAndGet());
                    return r;
                }));
            }
            List<R> out = new ArrayList<>();
            for (Future<R> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + " interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
    }
}
