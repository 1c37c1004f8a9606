package io.github.asynccassandra.benchmarks;

import org.springframework.data.cassandra.core.cql.PrimaryKeyType;
import org.springframework.data.cassandra.core.mapping.PrimaryKeyColumn;
import org.springframework.data.cassandra.core.mapping.Table;

/** The streaming workload's row, as a Spring Data entity. */
@Table("rows")
public class StreamRow {

    @PrimaryKeyColumn(name = "p", type = PrimaryKeyType.PARTITIONED)
    private int p;
    @PrimaryKeyColumn(name = "c", ordinal = 1, type = PrimaryKeyType.CLUSTERED)
    private int c;
    private String v;

    public int getP() {
        return p;
    }

    public void setP(int p) {
        this.p = p;
    }

    public int getC() {
        return c;
    }

    public void setC(int c) {
        this.c = c;
    }

    public String getV() {
        return v;
    }

    public void setV(String v) {
        this.v = v;
    }
}
