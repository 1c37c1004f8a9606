package io.github.asynccassandra.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryKindTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "SELECT * FROM t|SELECT",
        "  select * from t|SELECT",
        "-- a comment\\nINSERT INTO t (k) VALUES (1)|INSERT",
        "/* note */ UPDATE t SET v = 1 WHERE k = 1|UPDATE",
        "// x\\n delete FROM t WHERE k = 1|DELETE",
        "BEGIN BATCH INSERT INTO t (k) VALUES (1); APPLY BATCH|BATCH",
        "CREATE TABLE t (k int PRIMARY KEY)|DDL",
        "ALTER TABLE t ADD v int|DDL",
        "DROP TABLE t|DDL",
        "TRUNCATE t|DDL",
        "USE ks|OTHER",
        "GRANT SELECT ON t TO r|OTHER",
        "SELECTED|OTHER",
        "''|OTHER",
    })
    void kindComesFromTheFirstKeyword(String cql, QueryKind expected) {
        assertThat(QueryKind.of(cql.replace("\\n", "\n"))).isEqualTo(expected);
    }
}
