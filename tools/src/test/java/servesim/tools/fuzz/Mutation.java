package servesim.tools.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blind mutations of the fuzz suite: each takes a real input and a seeded {@link Random} and returns a damaged
 * copy and what it did. They know nothing of the format (truncation, lines dropped, duplicated or swapped, a number
 * replaced by a hostile value, a field dropped or renamed, garbage bytes); the targeted cases in
 * {@code FuzzSuiteTest} know the formats.
 */
enum Mutation {
    TRUNCATE {
        @Override
        String apply(byte[] base, Random r, byte[][] out) {
            int at = r.nextInt(base.length + 1);
            out[0] = Arrays.copyOf(base, at);
            return "truncated at byte " + at;
        }
    },
    DROP_LINE {
        @Override
        String apply(byte[] base, Random r, byte[][] out) {
            List<String> l = lines(base);
            int i = r.nextInt(l.size());
            l.remove(i);
            out[0] = join(l);
            return "line " + (i + 1) + " dropped";
        }
    },
    DUPLICATE_LINE {
        @Override
        String apply(byte[] base, Random r, byte[][] out) {
            List<String> l = lines(base);
            int i = r.nextInt(l.size());
            l.add(i, l.get(i));
            out[0] = join(l);
            return "line " + (i + 1) + " duplicated";
        }
    },
    SWAP_LINES {
        @Override
        String apply(byte[] base, Random r, byte[][] out) {
            List<String> l = lines(base);
            int i = r.nextInt(l.size());
            int j = r.nextInt(l.size());
            String t = l.get(i);
            l.set(i, l.get(j));
            l.set(j, t);
            out[0] = join(l);
            return "lines " + (i + 1) + " and " + (j + 1) + " swapped";
        }
    },
    HOSTILE_NUMBER {
        @Override
        String apply(byte[] base, Random r, byte[][] out) {
            String s = new String(base, StandardCharsets.UTF_8);
            List<int[]> spans = new ArrayList<>();
            Matcher m = NUMBER.matcher(s);
            while (m.find() && spans.size() < 100_000) {
                spans.add(new int[] {m.start(), m.end()});
            }
            if (spans.isEmpty()) {
                out[0] = base;
                return "no number to replace";
            }
            int[] span = spans.get(r.nextInt(Math.min(spans.size(), 400)));
            String v = HOSTILE[r.nextInt(HOSTILE.length)];
            out[0] = (s.substring(0, span[0]) + v + s.substring(span[1])).getBytes(StandardCharsets.UTF_8);
            return "'" + s.substring(span[0], span[1]) + "' at char " + span[0] + " replaced by '" + v + "'";
        }
    },
    DROP_FIELD {
        @Override
        String apply(byte[] base, Random r, byte[][] out) {
            String s = new String(base, StandardCharsets.UTF_8);
            List<int[]> spans = new ArrayList<>();
            Matcher m = JSON_FIELD.matcher(s);
            while (m.find() && spans.size() < 400) {
                spans.add(new int[] {m.start(), m.end()});
            }
            if (spans.isEmpty()) {
                return TRUNCATE.apply(base, r, out);
            }
            int[] span = spans.get(r.nextInt(spans.size()));
            out[0] = (s.substring(0, span[0]) + s.substring(span[1])).getBytes(StandardCharsets.UTF_8);
            return "field '" + s.substring(span[0], span[1]).trim() + "' dropped";
        }
    },
    RENAME_KEY {
        @Override
        String apply(byte[] base, Random r, byte[][] out) {
            String s = new String(base, StandardCharsets.UTF_8);
            List<Integer> at = new ArrayList<>();
            Matcher m = KEY.matcher(s);
            while (m.find() && at.size() < 400) {
                at.add(m.end(1));
            }
            if (at.isEmpty()) {
                return TRUNCATE.apply(base, r, out);
            }
            int i = at.get(r.nextInt(at.size()));
            out[0] = (s.substring(0, i) + "_x" + s.substring(i)).getBytes(StandardCharsets.UTF_8);
            return "a key renamed at char " + i;
        }
    },
    GARBAGE {
        @Override
        String apply(byte[] base, Random r, byte[][] out) {
            int at = r.nextInt(base.length + 1);
            byte[] junk = new byte[1 + r.nextInt(64)];
            r.nextBytes(junk);
            byte[] b = new byte[base.length + junk.length];
            System.arraycopy(base, 0, b, 0, at);
            System.arraycopy(junk, 0, b, at, junk.length);
            System.arraycopy(base, at, b, at + junk.length, base.length - at);
            out[0] = b;
            return junk.length + " random bytes inserted at byte " + at;
        }
    },
    FLIP_BYTES {
        @Override
        String apply(byte[] base, Random r, byte[][] out) {
            byte[] b = base.clone();
            int n = 1 + r.nextInt(16);
            for (int i = 0; i < n && b.length > 0; i++) {
                b[r.nextInt(b.length)] ^= (byte) (1 + r.nextInt(255));
            }
            out[0] = b;
            return n + " bytes flipped";
        }
    };

    static final String[] HOSTILE = {"0", "-1", "-0.5", "NaN", "1e300", "-1e300", "2147483648", "4294967296",
        "9223372036854775807", "9223372036854775808", "1e-300", "\"abc\"", "null", "true", "", "0.5", "7", "1e9"};
    static final Pattern NUMBER = Pattern.compile("(?<![\\w.])-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?(?![\\w.])");
    static final Pattern JSON_FIELD = Pattern.compile("\"[A-Za-z_][\\w.]*\"\\s*:\\s*(\"[^\"]*\"|[-\\w.+]+)\\s*,?");
    static final Pattern KEY = Pattern.compile("(?:\"|^|\\n)([A-Za-z_][\\w]*)(?:\"\\s*:|\\s*[:=,])");

    /** Writes the damaged copy of {@code base} into {@code out[0]}; returns what was done. */
    abstract String apply(byte[] base, Random r, byte[][] out);

    static List<String> lines(byte[] base) {
        List<String> l = new ArrayList<>(Arrays.asList(new String(base, StandardCharsets.UTF_8).split("\n", -1)));
        if (l.size() > 1 && l.get(l.size() - 1).isEmpty()) {
            l.remove(l.size() - 1);
        }
        return l;
    }

    static byte[] join(List<String> l) {
        return (String.join("\n", l) + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
