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
}
