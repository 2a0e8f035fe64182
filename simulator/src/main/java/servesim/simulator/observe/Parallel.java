package servesim.simulator.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * Independent jobs on a fixed pool of threads, results in job order, progress as they finish; the first failure in
 * job order is rethrown as it was thrown (sweep points, capacity probes, a large run's outputs).
 */
public final class Parallel {
    private Parallel() {
    }

    public static <R> List<R> map(int jobs, int threads, String what, Progress progress, IntFunction<R> job) {
        progress.start(what, jobs);
        if (threads <= 1) { // on the caller's thread: no pool to start for one worker
            try {
                List<R> out = new ArrayList<>();
                for (int i = 0; i < jobs; i++) {
                    out.add(job.apply(i));
                    progress.step(i + 1);
                }
                return out;
            } finally {
                progress.finish();
            }
        }
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
            if (e.getCause() instanceof Error err) {
                throw err; // out of memory and the like reach the caller as themselves
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
            progress.finish();
        }
    }
}
