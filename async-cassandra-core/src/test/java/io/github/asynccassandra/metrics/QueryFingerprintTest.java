package io.github.asynccassandra.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryFingerprintTest {

    @Test
    void replacesEveryKindOfLiteralAndKeepsIdentifiers() {
        assertThat(QueryFingerprint.normalize("INSERT INTO \"Quoted\"\"Table\" (k1, v_2, d) VALUES "
                + "(-1, $$dollar 'quoted'$$, 1h30m) -- note 42\n USING TTL 86400"))
                .isEqualTo("INSERT INTO \"Quoted\"\"Table\" (k1, v_2, d) VALUES (?, ?, ?) USING TTL ?");
        assertThat(QueryFingerprint.normalize("SELECT * FROM t WHERE a IN (1.5e-3, NaN, -Infinity, FALSE) "
                + "/* 'secret' */ AND b = deadbeef-1b2c-4d5e-8f90-123456789abc"))
                .isEqualTo("SELECT * FROM t WHERE a IN (?, ?, -?, ?) AND b = ?");
        assertThat(QueryFingerprint.normalize("UPDATE t SET n = n - 1 WHERE k = ?"))
                .isEqualTo("UPDATE t SET n = n - ? WHERE k = ?");
        assertThat(QueryFingerprint.normalize("  ")).isEmpty();
        assertThat(QueryFingerprint.normalize("SELECT 'unterminated")).isEqualTo("SELECT ?");
    }

    @Test
    void aFiftyKilobyteLiteralIsReplacedWithoutRecursion() {
        String query = "INSERT INTO t (k, v) VALUES (1, '" + "x''y".repeat(12_500) + "')";
        assertThat(QueryFingerprint.normalize(query)).isEqualTo("INSERT INTO t (k, v) VALUES (?, ?)");
        assertThat(QueryFingerprint.of(query)).isEqualTo(QueryFingerprint.of("INSERT INTO t (k, v) VALUES (2, 'z')"));
    }

    @Test
    void whatIsKeptIsBoundedWhateverTheQuerysLength() {
        String columns = "c, ".repeat(500_000);
        String normalized = QueryFingerprint.normalize("SELECT " + columns + "k FROM t");
        assertThat(normalized.length()).isLessThanOrEqualTo(QueryFingerprint.MAX_NORMALIZED_LENGTH + 2);
        assertThat(normalized).endsWith(" …");
        // The fingerprint still covers the whole text.
        assertThat(QueryFingerprint.of("SELECT " + columns + "k FROM t"))
                .isNotEqualTo(QueryFingerprint.of("SELECT " + columns + "j FROM t"));
        assertThat(QueryFingerprint.of("SELECT * FROM t")).hasSize(16);
    }

    @Test
    void rememberedResultsAreTheResultsOfTheirOwnQuery() {
        // More distinct queries than the table has slots, each asked twice: every answer is its own query's.
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < QueryFingerprint.CACHED_QUERIES * 4; i++) {
                String query = "SELECT c" + i + " FROM t WHERE k = " + i;
                assertThat(QueryFingerprint.normalize(query)).isEqualTo("SELECT c" + i + " FROM t WHERE k = ?");
                assertThat(QueryFingerprint.of(query)).isEqualTo(QueryFingerprint.of("SELECT c" + i + " FROM t WHERE k = 0"));
            }
        }
        String repeated = "SELECT v FROM t WHERE k = 1";
        assertThat(QueryFingerprint.normalize(repeated)).isSameAs(QueryFingerprint.normalize(repeated));
        // A query longer than what is remembered is still normalized, each time afresh.
        String longQuery = "SELECT " + "c, ".repeat(QueryFingerprint.MAX_CACHED_QUERY_LENGTH) + "k FROM t WHERE k = 5";
        assertThat(QueryFingerprint.normalize(longQuery)).isNotSameAs(QueryFingerprint.normalize(longQuery))
                .isEqualTo(QueryFingerprint.normalize(longQuery));
    }
}
