package servesim.aiconfigurator;

/** A latency in microseconds and how it was obtained. */
record Estimate(double us, Provenance provenance) {
    Estimate {
        if (!(us > 0) || Double.isInfinite(us)) {
            throw new IllegalStateException("latency must be positive and finite, was " + us);
        }
    }

    Estimate plus(Estimate other) {
        return new Estimate(us + other.us, provenance.worst(other.provenance));
    }

    Estimate times(double factor, Provenance atLeast) {
        return new Estimate(us * factor, provenance.worst(atLeast));
    }
}
