package io.github.asynccassandra.metrics;

/** What a statement does, read from its first keyword. A low-cardinality tag for metrics. */
public enum QueryKind {
    /** {@code SELECT}. */
    SELECT,
    /** {@code INSERT}. */
    INSERT,
    /** {@code UPDATE}. */
    UPDATE,
    /** {@code DELETE}. */
    DELETE,
    /** {@code BEGIN BATCH}, or a driver batch statement. */
    BATCH,
    /** A schema change: {@code CREATE}, {@code ALTER}, {@code DROP} or {@code TRUNCATE}. */
    DDL,
    /** Anything else ({@code USE}, {@code GRANT}, …). */
    OTHER;

    /**
     * The kind of a CQL text: its first keyword, skipping leading white space and comments. Cheap
     * (reads a few characters) and allocation-free, so it can run for every request.
     *
     * @param cql the CQL text, with {@code ?} or {@code :name} markers where values are bound
     * @return the kind of a CQL text
     */
    public static QueryKind of(String cql) {
        if (cql == null) {
            return OTHER;
        }
        int i = skipWhitespaceAndComments(cql, 0);
        int start = i;
        while (i < cql.length() && Character.isLetter(cql.charAt(i))) {
            i++;
        }
        return ofKeyword(cql, start, i - start);
    }

    private static QueryKind ofKeyword(String cql, int start, int length) {
        if (matches(cql, start, length, "SELECT")) {
            return SELECT;
        }
        if (matches(cql, start, length, "INSERT")) {
            return INSERT;
        }
        if (matches(cql, start, length, "UPDATE")) {
            return UPDATE;
        }
        if (matches(cql, start, length, "DELETE")) {
            return DELETE;
        }
        if (matches(cql, start, length, "BEGIN") || matches(cql, start, length, "APPLY")) {
            return BATCH;
        }
        if (matches(cql, start, length, "CREATE") || matches(cql, start, length, "ALTER")
                || matches(cql, start, length, "DROP") || matches(cql, start, length, "TRUNCATE")) {
            return DDL;
        }
        return OTHER;
    }

    private static boolean matches(String cql, int start, int length, String keyword) {
        return length == keyword.length() && cql.regionMatches(true, start, keyword, 0, length);
    }

    private static int skipWhitespaceAndComments(String cql, int from) {
        int i = from;
        while (i < cql.length()) {
            char c = cql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if ((c == '-' || c == '/') && i + 1 < cql.length() && cql.charAt(i + 1) == c) {
                int end = cql.indexOf('\n', i);
                i = end < 0 ? cql.length() : end + 1;
            } else if (c == '/' && i + 1 < cql.length() && cql.charAt(i + 1) == '*') {
                int end = cql.indexOf("*/", i + 2);
                i = end < 0 ? cql.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }
}
