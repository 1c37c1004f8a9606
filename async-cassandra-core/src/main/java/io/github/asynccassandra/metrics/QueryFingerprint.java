package io.github.asynccassandra.metrics;

/**
 * Turns CQL text into a value-free form: white space and comments collapsed, and string
 * ({@code '…'}, {@code $$…$$}), number, UUID, blob, boolean, {@code NaN} and {@code Infinity}
 * literals replaced by {@code ?}. Two queries that differ only in literal values share a fingerprint;
 * the fingerprint reveals neither the text nor the values.
 *
 * <p>One pass over the text, no regular expressions and no recursion: linear in time whatever the
 * query's length or content. What it keeps is bounded: the normalized text is cut at
 * {@value #MAX_NORMALIZED_LENGTH} characters (the fingerprint still covers all of it).
 *
 * <p>The same statements are sent again and again, so the last results are remembered: a fixed table
 * of {@value #CACHED_QUERIES} slots, each holding one query of at most {@value #MAX_CACHED_QUERY_LENGTH}
 * characters with its result (under 1 MB in all). A longer query is normalized on each call.
 */
public final class QueryFingerprint {

    /** Longest normalized text returned; longer queries end with {@code " …"}. */
    public static final int MAX_NORMALIZED_LENGTH = 2048;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final String TRUNCATED = " …";
    /** Slots of the table of recent results: a power of two. */
    static final int CACHED_QUERIES = 128;
    /** Longest query whose result is remembered. */
    static final int MAX_CACHED_QUERY_LENGTH = 2048;
    /** Slot by the query's hash; a newer query replaces an older one in its slot. Records publish safely. */
    private static final Normalized[] CACHE = new Normalized[CACHED_QUERIES];

    private QueryFingerprint() {
    }

    /**
     * The query with white space collapsed and literals replaced by {@code ?}: safe to log.
     *
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @return the query with white space collapsed and literals replaced by {@code ?}
     */
    public static String normalize(String cql) {
        return cql == null ? "" : scan(cql).text();
    }

    /**
     * A short hash (16 hex digits) of the whole normalized query.
     *
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @return a short hash
     */
    public static String of(String cql) {
        return cql == null ? hex(FNV_OFFSET) : scan(cql).fingerprint();
    }

    private static Normalized scan(String cql) {
        if (cql.length() > MAX_CACHED_QUERY_LENGTH) {
            return new Scanner(cql).run().result();
        }
        int slot = cql.hashCode() & (CACHED_QUERIES - 1);
        Normalized cached = CACHE[slot];
        if (cached != null && (cached.query() == cql || cached.query().equals(cql))) {
            return cached;
        }
        Normalized result = new Scanner(cql).run().result();
        CACHE[slot] = result;
        return result;
    }

    private static String hex(long hash) {
        String hex = Long.toHexString(hash);
        return "0".repeat(16 - hex.length()) + hex;
    }

    /** A query with its normalized text and fingerprint. */
    private record Normalized(String query, String text, String fingerprint) {
    }

    /** One left-to-right pass that emits the normalized text into a bounded buffer and a running hash. */
    private static final class Scanner {
        private final String in;
        private final int length;
        private final StringBuilder out = new StringBuilder(64);
        private long hash = FNV_OFFSET;
        private boolean truncated;
        private boolean pendingSpace;
        /** The last character emitted, for telling a negative number from a subtraction. */
        private char last;
        private int i;

        Scanner(String in) {
            this.in = in;
            this.length = in.length();
        }

        Scanner run() {
            while (i < length) {
                char c = in.charAt(i);
                if (Character.isWhitespace(c)) {
                    space();
                    i++;
                } else if (c == '\'') {
                    skipQuoted('\'');
                    literal();
                } else if (c == '$' && startsWith("$$")) {
                    int end = in.indexOf("$$", i + 2);
                    i = end < 0 ? length : end + 2;
                    literal();
                } else if (c == '"') {
                    int start = i;
                    skipQuoted('"');
                    emit(in, start, i);
                } else if (startsWith("--") || startsWith("//")) {
                    int end = in.indexOf('\n', i);
                    i = end < 0 ? length : end + 1;
                    space();
                } else if (startsWith("/*")) {
                    int end = in.indexOf("*/", i + 2);
                    i = end < 0 ? length : end + 2;
                    space();
                } else if (c == '-' && i + 1 < length && isDigit(in.charAt(i + 1)) && !endsOperand()) {
                    i++;
                    skipNumber();
                    literal();
                } else if (isWordChar(c)) {
                    word();
                } else {
                    emit(c);
                    i++;
                }
            }
            return this;
        }

        Normalized result() {
            return new Normalized(in, truncated ? out.append(TRUNCATED).toString() : out.toString(), hex(hash));
        }

        private void word() {
            int start = i;
            while (i < length && isWordChar(in.charAt(i))) {
                i++;
            }
            if (isUuidAt(start)) {
                i = start + 36;
                literal();
            } else if (isDigit(in.charAt(start))) {
                i = start;
                skipNumber();
                literal();
            } else if (isKeywordLiteral(start, i)) {
                literal();
            } else {
                emit(in, start, i);
            }
        }

        /** Digits, a fraction, an exponent, or a blob's {@code 0x…}: whatever word follows the first digit. */
        private void skipNumber() {
            while (i < length) {
                char c = in.charAt(i);
                if (isWordChar(c) || (c == '.' && i + 1 < length && isDigit(in.charAt(i + 1)))) {
                    i++;
                } else if ((c == '+' || c == '-') && (in.charAt(i - 1) == 'e' || in.charAt(i - 1) == 'E')) {
                    i++;
                } else {
                    return;
                }
            }
        }

        /** Skips a quoted run ending at the next unpaired {@code quote} (a doubled one is an escape). */
        private void skipQuoted(char quote) {
            i++;
            while (i < length) {
                if (in.charAt(i) == quote) {
                    if (i + 1 < length && in.charAt(i + 1) == quote) {
                        i += 2;
                        continue;
                    }
                    i++;
                    return;
                }
                i++;
            }
        }

        private boolean isUuidAt(int start) {
            if (start + 36 > length || (start + 36 < length && isWordChar(in.charAt(start + 36)))) {
                return false;
            }
            for (int k = 0; k < 36; k++) {
                char c = in.charAt(start + k);
                boolean dash = k == 8 || k == 13 || k == 18 || k == 23;
                if (dash ? c != '-' : Character.digit(c, 16) < 0) {
                    return false;
                }
            }
            return true;
        }

        private boolean isKeywordLiteral(int start, int end) {
            int n = end - start;
            return (n == 4 && in.regionMatches(true, start, "true", 0, 4))
                    || (n == 5 && in.regionMatches(true, start, "false", 0, 5))
                    || (n == 3 && in.regionMatches(start, "NaN", 0, 3))
                    || (n == 8 && in.regionMatches(start, "Infinity", 0, 8));
        }

        /** Whether the last thing emitted can be the left operand of a minus: then it is not a sign. */
        private boolean endsOperand() {
            return isWordChar(last) || last == ')' || last == ']' || last == '?' || last == '"';
        }

        private boolean startsWith(String prefix) {
            return in.startsWith(prefix, i);
        }

        private void literal() {
            emit('?');
        }

        private void space() {
            // No leading space; a trailing one is never emitted.
            pendingSpace = last != 0;
        }

        private void emit(String text, int start, int end) {
            for (int k = start; k < end; k++) {
                emit(text.charAt(k));
            }
        }

        private void emit(char c) {
            if (pendingSpace) {
                pendingSpace = false;
                append(' ');
            }
            append(c);
            last = c;
        }

        private void append(char c) {
            hash = (hash ^ c) * FNV_PRIME;
            if (out.length() < MAX_NORMALIZED_LENGTH) {
                out.append(c);
            } else {
                truncated = true;
            }
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_';
        }
    }
}
