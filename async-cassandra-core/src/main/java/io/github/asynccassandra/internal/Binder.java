package io.github.asynccassandra.internal;

import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatementBuilder;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.ColumnDefinitions;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.type.codec.CodecNotFoundException;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Binds values to prepared statements, turning the driver's terse failures into errors that name the
 * variable, its CQL type and the Java type that was given.
 */
public final class Binder {

    private Binder() {
    }

    /** Binds positional values; their number must equal the statement's bind markers. */
    public static BoundStatement bind(PreparedStatement prepared, Object[] values, CodecRegistry registry) {
        ColumnDefinitions variables = prepared.getVariableDefinitions();
        Object[] given = values == null ? new Object[0] : values;
        if (given.length != variables.size()) {
            throw new IllegalArgumentException("Prepared statement \"" + prepared.getQuery() + "\" expects "
                    + variables.size() + " value(s) but " + given.length + " were given");
        }
        BoundStatementBuilder builder = prepared.boundStatementBuilder();
        for (int i = 0; i < given.length; i++) {
            set(builder, i, variables.get(i), given[i], registry, prepared);
        }
        return builder.build();
    }

    /** Binds named values; every name must be a variable of the statement. Variables not named stay unset. */
    public static BoundStatement bind(PreparedStatement prepared, Map<String, ?> values, CodecRegistry registry) {
        if (values == null) {
            throw new IllegalArgumentException("named values must not be null");
        }
        ColumnDefinitions variables = prepared.getVariableDefinitions();
        BoundStatementBuilder builder = prepared.boundStatementBuilder();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            int[] indices = indicesOf(variables, entry.getKey());
            if (indices.length == 0) {
                unknown.add(entry.getKey());
                continue;
            }
            for (int index : indices) {
                set(builder, index, variables.get(index), entry.getValue(), registry, prepared);
            }
        }
        if (!unknown.isEmpty()) {
            List<String> known = new ArrayList<>();
            variables.forEach(v -> known.add(v.getName().asInternal()));
            throw new IllegalArgumentException("Unknown named value(s) " + unknown + " for prepared statement \""
                    + prepared.getQuery() + "\"; its variables are " + known);
        }
        return builder.build();
    }

    private static int[] indicesOf(ColumnDefinitions variables, String name) {
        if (name == null) {
            return new int[0];
        }
        List<Integer> found = variables.allIndicesOf(name);
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    private static void set(BoundStatementBuilder builder, int index, ColumnDefinition variable, Object value,
            CodecRegistry registry, PreparedStatement prepared) {
        if (value == null) {
            builder.setToNull(index);
            return;
        }
        TypeCodec<Object> codec;
        try {
            codec = registry.codecFor(variable.getType(), value);
        } catch (CodecNotFoundException e) {
            throw new IllegalArgumentException("Value " + (index + 1) + " (\"" + variable.getName().asInternal()
                    + "\") of prepared statement \"" + prepared.getQuery() + "\" is a "
                    + value.getClass().getName() + ", which cannot be bound to CQL type "
                    + variable.getType().asCql(false, true), e);
        }
        builder.set(index, value, codec);
    }
}
