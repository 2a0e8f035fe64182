package servesim.formats.profile.lookup;

import java.util.ArrayList;
import java.util.List;
import servesim.formats.profile.ProfileColumn;
import servesim.formats.profile.ProfileRow;

/** An operator whose rows form one grid over fixed key columns (TOKEN, SEQUENCE, MOE, COLLECTIVE families). */
final class GridOperatorTable implements OperatorTable {
    private final GridTable grid;
    private final double[] q;

    GridOperatorTable(String name, ProfileColumn[] axes, List<ProfileRow> rows) {
        String[] names = new String[axes.length];
        for (int a = 0; a < axes.length; a++) {
            names[a] = axes[a].columnName();
        }
        List<long[]> points = new ArrayList<>(rows.size());
        double[] lat = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            ProfileRow r = rows.get(i);
            long[] p = new long[axes.length];
            for (int a = 0; a < axes.length; a++) {
                Object v = axes[a].get(r);
                if (v == null) {
                    throw new ProfileLookupException(name + ": a row lacks its key column '" + names[a] + "'.");
                }
                p[a] = ((Number) v).longValue();
            }
            points.add(p);
            lat[i] = r.latency().medianUs();
        }
        grid = new GridTable(name, names, points, lat);
        q = new double[axes.length];
    }

    @Override
    public double latencyUs(long[] key, LookupWarnings warnings) {
        for (int a = 0; a < q.length; a++) {
            q[a] = key[a];
        }
        return grid.lookup(q, warnings);
    }

    @Override
    public List<GridTable> grids() {
        return List.of(grid);
    }
}
