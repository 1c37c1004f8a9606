package io.github.asynccassandra.bulk.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.data.CqlDuration;
import com.datastax.oss.driver.api.core.data.TupleValue;
import com.datastax.oss.driver.api.core.type.DataType;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.TupleType;
import com.datastax.oss.driver.api.core.type.codec.registry.CodecRegistry;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;

/** Every value survives text and JSON unchanged. Pure logic: the driver's types and codecs only. */
class CqlValuesTest {

    private static final CodecRegistry REGISTRY = CodecRegistry.DEFAULT;

    @Test
    void scalarsRoundTripThroughTextAndJson() throws Exception {
        assertRoundTrip("", DataTypes.TEXT);
        assertRoundTrip("a \"quoted\", line\r\nbreak ünïcode", DataTypes.TEXT);
        assertRoundTrip(Integer.MIN_VALUE, DataTypes.INT);
        assertRoundTrip(Long.MAX_VALUE, DataTypes.BIGINT);
        assertRoundTrip((short) -7, DataTypes.SMALLINT);
        assertRoundTrip((byte) 127, DataTypes.TINYINT);
        assertRoundTrip(new BigInteger("123456789012345678901234567890123456789"), DataTypes.VARINT);
        assertRoundTrip(new BigDecimal("1.2300000000000000000000000000001"), DataTypes.DECIMAL);
        assertRoundTrip(new BigDecimal("1.500"), DataTypes.DECIMAL);
        assertRoundTrip(new BigDecimal("1E+30"), DataTypes.DECIMAL);
        assertRoundTrip(0.1 + 0.2, DataTypes.DOUBLE);
        assertRoundTrip(Double.NaN, DataTypes.DOUBLE);
        assertRoundTrip(Double.NEGATIVE_INFINITY, DataTypes.DOUBLE);
        assertRoundTrip(1.1f, DataTypes.FLOAT);
        assertRoundTrip(Float.MIN_VALUE, DataTypes.FLOAT);
        assertRoundTrip(true, DataTypes.BOOLEAN);
        assertRoundTrip(ByteBuffer.wrap(new byte[] {0, -1, 2, 3}), DataTypes.BLOB);
        assertRoundTrip(Instant.parse("2024-02-29T23:59:59.999Z"), DataTypes.TIMESTAMP);
        assertRoundTrip(LocalDate.of(-44, 3, 15), DataTypes.DATE);
        assertRoundTrip(LocalTime.of(12, 0), DataTypes.TIME);
        assertRoundTrip(LocalTime.of(23, 59, 59, 999_999_999), DataTypes.TIME);
        assertRoundTrip(UUID.randomUUID(), DataTypes.UUID);
        assertRoundTrip(InetAddress.getByName("::1"), DataTypes.INET);
        assertRoundTrip(InetAddress.getByName("10.1.2.3"), DataTypes.INET);
        assertRoundTrip(CqlDuration.newInstance(-1, -2, -3_000_000_004L), DataTypes.DURATION);
    }

    @Test
    void collectionsTuplesAndMapsWithAnyKeyRoundTrip() {
        assertRoundTrip(List.of(List.of(1, 2), List.of()), DataTypes.listOf(DataTypes.listOf(DataTypes.INT)));
        assertRoundTrip(Set.of("a", "b,c"), DataTypes.setOf(DataTypes.TEXT));
        assertRoundTrip(Map.of(LocalDate.of(2020, 1, 1), List.of(new BigDecimal("0.10"))),
                DataTypes.mapOf(DataTypes.DATE, DataTypes.listOf(DataTypes.DECIMAL)));
        DataType setKey = DataTypes.mapOf(DataTypes.frozenSetOf(DataTypes.INT), DataTypes.TEXT);
        assertRoundTrip(Map.of(Set.of(1, 2), "x"), setKey);
        TupleType tuple = DataTypes.tupleOf(DataTypes.INT, DataTypes.TEXT, DataTypes.BLOB);
        TupleValue value = tuple.newValue(1, null, ByteBuffer.wrap(new byte[] {9}));
        assertRoundTrip(value, tuple);
    }

    @Test
    void aWrongValueIsRefusedNamingTheType() {
        assertThatThrownBy(() -> CqlValues.fromText("twelve", DataTypes.INT, REGISTRY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'twelve' is not a int");
        assertThatThrownBy(() -> CqlValues.fromText("example.com", DataTypes.INET, REGISTRY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address literal");
        assertThatThrownBy(() -> CqlValues.fromText("[1, \"x\"]", DataTypes.listOf(DataTypes.INT), REGISTRY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'x' is not a int");
        assertThatThrownBy(() -> CqlValues.fromText("{\"a\": 1}", DataTypes.listOf(DataTypes.INT), REGISTRY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a JSON array");
        assertThatThrownBy(() -> CqlValues.fromJson(CqlValues.JSON.readTree("7"), DataTypes.TEXT, REGISTRY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is a JSON string");
    }

    /**
     * An {@code inet} is an address literal, read without any resolver: a name made of hex letters ({@code ace.cafe})
     * once reached {@code InetAddress.getByName}, which looks names up in DNS, and the JDK's legacy short forms
     * ({@code 1.2.3} for 1.2.0.3) were taken as addresses.
     */
    @Test
    void anInetIsAnAddressLiteralNeverANameOrAShortForm() throws Exception {
        for (String notLiteral : List.of("ace.cafe", "beef", "1.2.3", "127.1", "1.2.3.4.5", "256.1.1.1", "1.2.3.4%eth0",
                ":::", "fe80::1::2")) {
            assertThatThrownBy(() -> CqlValues.fromText(notLiteral, DataTypes.INET, REGISTRY)).as(notLiteral)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an IP address literal");
        }
        assertThat(CqlValues.fromText("10.0.0.255", DataTypes.INET, REGISTRY))
                .isEqualTo(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) 255}));
        assertThat(CqlValues.fromText("::1", DataTypes.INET, REGISTRY)).isEqualTo(InetAddress.getByName("::1"));
        assertThat(CqlValues.fromText("::ffff:1.2.3.4", DataTypes.INET, REGISTRY))
                .isEqualTo(InetAddress.getByAddress(new byte[] {1, 2, 3, 4}));
    }

    private static void assertRoundTrip(Object value, DataType type) {
        String text = CqlValues.toText(value, type);
        assertThat(CqlValues.fromText(text, type, REGISTRY)).as("%s from text %s", type, text)
                .isEqualTo(value);
        StringWriter json = new StringWriter();
        try (JsonGenerator generator = CqlValues.JSON.createGenerator(json)) {
            CqlValues.writeJson(generator, value, type);
        }
        assertThat(CqlValues.fromJson(CqlValues.JSON.readTree(json.toString()), type, REGISTRY))
                .as("%s from JSON %s", type, json).isEqualTo(value);
    }
}
