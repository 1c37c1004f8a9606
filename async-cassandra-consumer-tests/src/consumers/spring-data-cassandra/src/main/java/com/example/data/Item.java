package com.example.data;

import org.springframework.data.cassandra.core.mapping.PrimaryKey;
import org.springframework.data.cassandra.core.mapping.Table;

@Table("items")
public record Item(@PrimaryKey int id, String name) {
}
