package io.github.asynccassandra.benchmarks;

import org.springframework.data.cassandra.core.mapping.PrimaryKey;
import org.springframework.data.cassandra.core.mapping.Table;

/** The point workload's row, as a Spring Data entity. */
@Table("kv")
public class KeyValue {

    @PrimaryKey
    private int id;
    private String payload;

    public KeyValue() {
    }

    public KeyValue(int id, String payload) {
        this.id = id;
        this.payload = payload;
    }

    public int getId() {
        return id;
    }

    public void setId(int id) {
        this.id = id;
    }

    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }
}
