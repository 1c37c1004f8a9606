package io.github.asynccassandra.bulk.internal;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.CqlVector;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.data.UdtValue;
import com.datastax.oss.driver.api.core.type.CustomType;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.ListType;
import com.datastax.oss.driver.api.core.type.MapType;
import com.datastax.oss.driver.api.core.type.SetType;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.VectorType;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import com.datastax.oss.protocol.internal.ProtocolConstants;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every CQL value to text or JSON and back, without loss: what an export writes, a load reads back to
 * the same value. Text forms: blobs in base64, timestamps ISO-8601 in UTC, dates and times ISO,
 * varint and decimal in full ({@code BigDecimal} keeps its scale), floating point in Java's shortest
 * exact form ({@code NaN} and {@code Infinity} included), durations in CQL's {@code 1mo2d3h} form.
 * Collections, tuples, UDTs and vectors are JSON (in a CSV cell, its JSON text): lists, sets, tuples
 * and vectors as arrays, UDTs as objects by field name, maps as objects whose keys are the keys' text
 * forms. In JSON, integers and finite floating point values are numbers, {@code NaN} and infinities
 * strings, the rest strings.
 */
public final class CqlValues {

    /** Reads numbers exactly: floating point as {@code BigDecimal}, trailing zeros kept. */
    public static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    private static final Pattern IPV4_LITERAL = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9A-Fa-f.]*:[0-9A-Fa-f.:]*(%[A-Za-z0-9]+)?");

    private CqlValues() {
    }

    /** Whether {@code type} is written as JSON (a collection, tuple, UDT or vector). */
    public static boolean isStructured(DataType type) {
        return type instanceof ListType || type instanceof SetType || type instanceof MapType
                || type instanceof TupleType || type instanceof UserDefinedType || type instanceof VectorType;
    }

    /** The text form of a non-null value ({@link #isStructured structured} values as JSON text). */
    public static String toText(Object value, DataType type) {
        if (isStructured(type)) {
            StringWriter out = new StringWriter();
            try (JsonGenerator generator = JSON.createGenerator(out)) {
                writeJson(generator, value, type);
            }
            return out.toString();
        }
        return switch (type.getProtocolCode()) {
            case ProtocolConstants.DataType.BLOB -> Base64.getEncoder().encodeToString(bytes((ByteBuffer) value));
            case ProtocolConstants.DataType.INET -> ((InetAddress) value).getHostAddress();
            case ProtocolConstants.DataType.CUSTOM -> throw unsupported(type);
            default -> value.toString();
        };
    }

    /** Writes a value, {@code null} included, as JSON. */
    public static void writeJson(JsonGenerator generator, Object value, DataType type) {
        if (value == null) {
            generator.writeNull();
        } else if (type instanceof ListType list) {
            writeArray(generator, (Iterable<?>) value, list.getElementType());
        } else if (type instanceof SetType set) {
            writeArray(generator, (Iterable<?>) value, set.getElementType());
        } else if (type instanceof VectorType vector) {
            writeArray(generator, (CqlVector<?>) value, vector.getElementType());
        } else if (type instanceof MapType map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                generator.writeName(toText(entry.getKey(), map.getKeyType()));
                writeJson(generator, entry.getValue(), map.getValueType());
            }
            generator.writeEndObject();
        } else if (type instanceof TupleType tuple) {
            TupleValue tupleValue = (TupleValue) value;
            generator.writeStartArray();
            for (int i = 0; i < tuple.getComponentTypes().size(); i++) {
                DataType component = tuple.getComponentTypes().get(i);
                writeJson(generator, tupleValue.get(i, CodecRegistry.DEFAULT.codecFor(component)), component);
            }
            generator.writeEndArray();
        } else if (type instanceof UserDefinedType udt) {
            UdtValue udtValue = (UdtValue) value;
            generator.writeStartObject();
            for (int i = 0; i < udt.getFieldNames().size(); i++) {
                generator.writeName(udt.getFieldNames().get(i).asInternal());
                DataType field = udt.getFieldTypes().get(i);
                writeJson(generator, udtValue.get(i, CodecRegistry.DEFAULT.codecFor(field)), field);
            }
            generator.writeEndObject();
        } else {
            writeScalar(generator, value, type);
        }
    }

    private static void writeArray(JsonGenerator generator, Iterable<?> values, DataType elementType) {
        generator.writeStartArray();
        for (Object element : values) {
            writeJson(generator, element, elementType);
        }
        generator.writeEndArray();
    }

    private static void writeScalar(JsonGenerator generator, Object value, DataType type) {
        switch (type.getProtocolCode()) {
            case ProtocolConstants.DataType.INT -> generator.writeNumber((Integer) value);
            case ProtocolConstants.DataType.BIGINT, ProtocolConstants.DataType.COUNTER ->
                    generator.writeNumber((Long) value);
            case ProtocolConstants.DataType.SMALLINT -> generator.writeNumber((Short) value);
            case ProtocolConstants.DataType.TINYINT -> generator.writeNumber((Byte) value);
            case ProtocolConstants.DataType.VARINT -> generator.writeNumber((BigInteger) value);
            case ProtocolConstants.DataType.DECIMAL -> generator.writeNumber(value.toString());
            case ProtocolConstants.DataType.BOOLEAN -> generator.writeBoolean((Boolean) value);
            case ProtocolConstants.DataType.DOUBLE, ProtocolConstants.DataType.FLOAT -> {
                double number = ((Number) value).doubleValue();
                if (Double.isFinite(number)) {
                    generator.writeNumber(value.toString());
                } else {
                    generator.writeString(value.toString());
                }
            }
            default -> generator.writeString(toText(value, type));
        }
    }

    /**
     * The value a text form stands for, in the driver's default Java type for {@code type}.
     *
     * @throws IllegalArgumentException naming the type when the text is not a value of it
     */
    public static Object fromText(String text, DataType type, CodecRegistry registry) {
        if (isStructured(type)) {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("not JSON for " + type.asCql(false, true) + ": "
                        + e.getOriginalMessage(), e);
            }
            return fromJson(node, type, registry);
        }
        try {
            return switch (type.getProtocolCode()) {
                case ProtocolConstants.DataType.ASCII, ProtocolConstants.DataType.VARCHAR -> text;
                case ProtocolConstants.DataType.INT -> Integer.valueOf(text.trim());
                case ProtocolConstants.DataType.BIGINT, ProtocolConstants.DataType.COUNTER -> Long.valueOf(text.trim());
                case ProtocolConstants.DataType.SMALLINT -> Short.valueOf(text.trim());
                case ProtocolConstants.DataType.TINYINT -> Byte.valueOf(text.trim());
                case ProtocolConstants.DataType.VARINT -> new BigInteger(text.trim());
                case ProtocolConstants.DataType.DECIMAL -> new BigDecimal(text.trim());
                case ProtocolConstants.DataType.DOUBLE -> Double.valueOf(text.trim());
                case ProtocolConstants.DataType.FLOAT -> Float.valueOf(text.trim());
                case ProtocolConstants.DataType.BOOLEAN -> parseBoolean(text.trim());
                case ProtocolConstants.DataType.BLOB -> ByteBuffer.wrap(Base64.getDecoder().decode(text.trim()));
                case ProtocolConstants.DataType.TIMESTAMP -> parseInstant(text.trim());
                case ProtocolConstants.DataType.DATE -> LocalDate.parse(text.trim());
                case ProtocolConstants.DataType.TIME -> LocalTime.parse(text.trim());
                case ProtocolConstants.DataType.UUID, ProtocolConstants.DataType.TIMEUUID -> UUID.fromString(text.trim());
                case ProtocolConstants.DataType.INET -> parseInet(text.trim());
                case ProtocolConstants.DataType.DURATION -> CqlDuration.from(text.trim());
                default -> throw unsupported(type);
            };
        } catch (UnsupportedOperationException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + abbreviate(text) + "' is not a " + type.asCql(false, true)
                    + (e.getMessage() != null ? " (" + e.getMessage() + ")" : ""), e);
        }
    }

    /**
     * The value a JSON node stands for, in the driver's default Java type for {@code type}.
     *
     * @throws IllegalArgumentException naming the type when the node is not a value of it
     */
    public static Object fromJson(JsonNode node, DataType type, CodecRegistry registry) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (type instanceof ListType list) {
            List<Object> values = new ArrayList<>(node.size());
            for (JsonNode element : array(node, type)) {
                values.add(element(element, list.getElementType(), registry, type));
            }
            return values;
        }
        if (type instanceof SetType set) {
            Set<Object> values = new LinkedHashSet<>();
            for (JsonNode element : array(node, type)) {
                values.add(element(element, set.getElementType(), registry, type));
            }
            return values;
        }
        if (type instanceof VectorType vector) {
            List<Object> values = new ArrayList<>(node.size());
            for (JsonNode element : array(node, type)) {
                values.add(element(element, vector.getElementType(), registry, type));
            }
            if (values.size() != vector.getDimensions()) {
                throw new IllegalArgumentException("a " + type.asCql(false, true) + " has " + vector.getDimensions()
                        + " elements, not " + values.size());
            }
            return CqlVector.newInstance(values);
        }
        if (type instanceof MapType map) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("a " + type.asCql(false, true) + " is a JSON object, not "
                        + node.getNodeType());
            }
            Map<Object, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                values.put(element(entry.getKey(), map.getKeyType(), registry, type),
                        element(entry.getValue(), map.getValueType(), registry, type));
            }
            return values;
        }
        if (type instanceof TupleType tuple) {
            List<DataType> components = tuple.getComponentTypes();
            if (!node.isArray() || node.size() != components.size()) {
                throw new IllegalArgumentException("a " + type.asCql(false, true) + " is a JSON array of "
                        + components.size() + " elements");
            }
            TupleValue value = tuple.newValue();
            for (int i = 0; i < components.size(); i++) {
                Object component = fromJson(node.get(i), components.get(i), registry);
                value = value.set(i, component, registry.codecFor(components.get(i)));
            }
            return value;
        }
        if (type instanceof UserDefinedType udt) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("a " + type.asCql(false, true) + " is a JSON object, not "
                        + node.getNodeType());
            }
            UdtValue value = udt.newValue();
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                int index = udt.firstIndexOf(entry.getKey());
                if (index < 0) {
                    throw new IllegalArgumentException(type.asCql(false, true) + " has no field '" + entry.getKey()
                            + "'");
                }
                DataType fieldType = udt.getFieldTypes().get(index);
                value = value.set(index, fromJson(entry.getValue(), fieldType, registry), registry.codecFor(fieldType));
            }
            return value;
        }
        return scalarFromJson(node, type, registry);
    }

    private static Object scalarFromJson(JsonNode node, DataType type, CodecRegistry registry) {
        if (node.isContainer()) {
            throw new IllegalArgumentException("a " + type.asCql(false, true) + " is not a JSON "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        int code = type.getProtocolCode();
        if (code == ProtocolConstants.DataType.BOOLEAN && node.isBoolean()) {
            return node.booleanValue();
        }
        boolean textual = code == ProtocolConstants.DataType.ASCII || code == ProtocolConstants.DataType.VARCHAR;
        if (textual && !node.isString()) {
            throw new IllegalArgumentException("a " + type.asCql(false, true) + " is a JSON string, not "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        // Numbers were read as BigDecimal/BigInteger: their text is exact.
        return fromText(node.isString() ? node.stringValue() : node.asString(), type, registry);
    }

    private static Iterable<JsonNode> array(JsonNode node, DataType type) {
        if (!node.isArray()) {
            throw new IllegalArgumentException("a " + type.asCql(false, true) + " is a JSON array, not "
                    + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return node.values();
    }

    private static Object element(JsonNode node, DataType elementType, CodecRegistry registry, DataType container) {
        Object value = fromJson(node, elementType, registry);
        if (value == null) {
            throw new IllegalArgumentException("a " + container.asCql(false, true) + " cannot hold null");
        }
        return value;
    }

    private static Object element(String key, DataType keyType, CodecRegistry registry, DataType container) {
        return fromText(key, keyType, registry);
    }

    private static Boolean parseBoolean(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("expected true or false");
    }

    private static Instant parseInstant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notUtc) {
            return OffsetDateTime.parse(text).toInstant();
        }
    }

    /**
     * Only an address literal, read without a resolver: dotted-decimal IPv4 is parsed here, and text with a colon is
     * IPv6, which {@code InetAddress.getByName} parses and never looks up. Anything else (a name, even of hex letters
     * such as {@code ace.cafe}, or the JDK's short forms such as {@code 127.1}) would reach DNS, and is refused.
     */
    private static InetAddress parseInet(String text) {
        try {
            Matcher v4 = IPV4_LITERAL.matcher(text);
            if (v4.matches()) {
                byte[] address = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int octet = Integer.parseInt(v4.group(i + 1));
                    if (octet > 255) {
                        throw new IllegalArgumentException("not an IP address literal");
                    }
                    address[i] = (byte) octet;
                }
                return InetAddress.getByAddress(address);
            }
            if (IPV6_LITERAL.matcher(text).matches()) {
                return InetAddress.getByName(text);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address literal", e);
        }
        throw new IllegalArgumentException("not an IP address literal");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }

    private static UnsupportedOperationException unsupported(DataType type) {
        return new UnsupportedOperationException("Bulk operations cannot write or read the type "
                + type.asCql(false, true) + (type instanceof CustomType ? " (a custom type)" : ""));
    }

    private static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

}
