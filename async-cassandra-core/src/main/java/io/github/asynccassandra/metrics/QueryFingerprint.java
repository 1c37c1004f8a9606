package io.github.asynccassandra.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Turns CQL text into a value-free fingerprint: white space collapsed, string, number, UUID, blob and
 * boolean literals replaced by {@code ?}, then hashed. Two queries that differ
 * only in literal values share a fingerprint; the fingerprint reveals neither the text nor the values.
 */
public final class QueryFingerprint {

    private static final Pattern STRING_LITERAL = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern UUID_LITERAL = Pattern.compile(
            "\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");
    private static final Pattern BLOB_LITERAL = Pattern.compile("\\b0[xX][0-9a-fA-F]*\\b");
    private static final Pattern NUMBER_LITERAL = Pattern.compile("(?<![\\w.])-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?\\b");
    private static final Pattern BOOLEAN_LITERAL = Pattern.compile("(?i)\\b(?:true|false)\\b");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private QueryFingerprint() {
    }

    /** The query with white space collapsed and literals replaced by {@code ?}: safe to log. */
    public static String normalize(String cql) {
        if (cql == null) {
            return "";
        }
        String text = STRING_LITERAL.matcher(cql).replaceAll("?");
        text = UUID_LITERAL.matcher(text).replaceAll("?");
        text = BLOB_LITERAL.matcher(text).replaceAll("?");
        text = NUMBER_LITERAL.matcher(text).replaceAll("?");
        text = BOOLEAN_LITERAL.matcher(text).replaceAll("?");
        return WHITESPACE.matcher(text).replaceAll(" ").strip();
    }

    /** A short hash (16 hex digits) of the normalized query. */
    public static String of(String cql) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(normalize(cql).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
