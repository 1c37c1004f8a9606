package io.github.asynccassandra.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.datastax.oss.driver.api.core.ProtocolVersion;
import com.datastax.oss.driver.api.core.type.DataTypes;
import com.datastax.oss.driver.api.core.type.UserDefinedType;
import com.datastax.oss.driver.api.core.type.codec.TypeCodec;
import com.datastax.oss.driver.internal.core.type.UserDefinedTypeBuilder;
import com.datastax.oss.driver.internal.core.type.codec.registry.DefaultCodecRegistry;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserTypeMappingTest {

    private static final UserDefinedType ADDRESS = new UserDefinedTypeBuilder("ks", "address")
            .withField("street", DataTypes.TEXT).withField("zip_code", DataTypes.INT)
            .withField("tags", DataTypes.listOf(DataTypes.TEXT)).build();

    record Address(String street, int zipCode, List<String> tags) {
    }

    static class AddressBean {
        String street;
        Integer zipCode;
    }

    static class Wrong {
        String nowhere;
    }

    @Test
    void recordsRoundTrip() {
        TypeCodec<Address> codec = new UserTypeMapping<>("ks", "address", Address.class)
                .codecFor(ADDRESS, new DefaultCodecRegistry("test"));
        Address address = new Address("1 Main St", 12345, List.of("home"));
        ByteBuffer bytes = codec.encode(address, ProtocolVersion.DEFAULT);
        assertThat(codec.decode(bytes, ProtocolVersion.DEFAULT)).isEqualTo(address);
        assertThat(codec.accepts(address)).isTrue();
    }

    @Test
    void pojosRoundTripAndLeaveUnmappedFieldsNull() {
        TypeCodec<AddressBean> codec = new UserTypeMapping<>("ks", "address", AddressBean.class)
                .codecFor(ADDRESS, new DefaultCodecRegistry("test"));
        AddressBean bean = new AddressBean();
        bean.street = "2 Side St";
        bean.zipCode = 999;
        AddressBean decoded = codec.decode(codec.encode(bean, ProtocolVersion.DEFAULT), ProtocolVersion.DEFAULT);
        assertThat(decoded.street).isEqualTo("2 Side St");
        assertThat(decoded.zipCode).isEqualTo(999);
    }

    @Test
    void twoClassesCanMapTheSameType() {
        DefaultCodecRegistry registry = new DefaultCodecRegistry("test");
        registry.register(new UserTypeMapping<>("ks", "address", Address.class).codecFor(ADDRESS, registry));
        TypeCodec<AddressBean> beanCodec = new UserTypeMapping<>("ks", "address", AddressBean.class)
                .codecFor(ADDRESS, registry);
        registry.register(beanCodec);
        AddressBean bean = new AddressBean();
        bean.street = "3 Bean St";
        TypeCodec<AddressBean> found = registry.codecFor(bean);
        assertThat(found.decode(found.encode(bean, ProtocolVersion.DEFAULT), ProtocolVersion.DEFAULT).street)
                .isEqualTo("3 Bean St");
    }

    @Test
    void javaFieldWithoutUdtFieldIsRejected() {
        assertThatIllegalArgumentException().isThrownBy(() -> new UserTypeMapping<>("ks", "address", Wrong.class)
                .codecFor(ADDRESS, new DefaultCodecRegistry("test")))
                .withMessageContaining("'nowhere'").withMessageContaining("[street, zip_code, tags]");
    }
}
