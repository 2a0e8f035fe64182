package servesim.simulator.plan;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The Pareto front of points where more is better on both axes. */
public final class Pareto {
    private Pareto() {
    }

    /** Indices of the points no other point beats on both axes (ties kept once), ordered by x. NaNs are skipped. */
    public static int[] front(double[] x, double[] y) {
        Integer[] order = new Integer[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.<Integer>comparingDouble(i -> -x[i]).thenComparingDouble(i -> -y[i]));
        List<Integer> front = new ArrayList<>();
        double bestY = Double.NEGATIVE_INFINITY;
        for (int i : order) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                continue;
            }
            if (y[i] > bestY) {
                front.add(i);
                bestY = y[i];
            }
        }
        return front.stream().sorted(Comparator.comparingDouble(i -> x[i])).mapToInt(Integer::intValue).toArray();
    }
}
