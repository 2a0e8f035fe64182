package servesim.simulator.collective;

/**
 * What a collective over an instance's (or a group's) GPUs costs, ns. {@code bytes} is the whole tensor: the reduced
 * buffer of an all-reduce or reduce-scatter, the gathered result of an all-gather.
 */
public interface CollectiveCost {
    double allReduceNs(double bytes, int ranks);

    double allGatherNs(double bytes, int ranks);

    double reduceScatterNs(double bytes, int ranks);

    /**
     * The device's measured collectives where its figures cover the GPU count, else {@code fallback} (a ring over a
     * link).
     */
    static CollectiveCost measured(servesim.formats.hardware.CollectiveFigures figures, CollectiveCost fallback) {
        if (figures == null) {
            return fallback;
        }
        return new CollectiveCost() {
            private double or(double measured, double ring) {
                return Double.isNaN(measured) ? ring : measured;
            }

            @Override
            public double allReduceNs(double bytes, int ranks) {
                return ranks <= 1 ? 0 : or(figures.ns("allreduce", bytes, ranks), fallback.allReduceNs(bytes, ranks));
            }

            @Override
            public double allGatherNs(double bytes, int ranks) {
                return ranks <= 1 ? 0 : or(figures.ns("allgather", bytes, ranks), fallback.allGatherNs(bytes, ranks));
            }

            @Override
            public double reduceScatterNs(double bytes, int ranks) {
                return ranks <= 1 ? 0 : or(figures.ns("reducescatter", bytes, ranks),
                        fallback.reduceScatterNs(bytes, ranks));
            }
        };
    }
}
