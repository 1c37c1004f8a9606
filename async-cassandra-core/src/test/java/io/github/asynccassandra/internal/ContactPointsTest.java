package io.github.asynccassandra.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class ContactPointsTest {

    @Test
    void readsEveryFormAUserWrites() {
        assertThat(ContactPoints.parse("db1", 9042)).isEqualTo(InetSocketAddress.createUnresolved("db1", 9042));
        assertThat(ContactPoints.parse(" db1:19042 ", 9042)).isEqualTo(InetSocketAddress.createUnresolved("db1", 19042));
        assertThat(ContactPoints.parse("::1", 9042)).isEqualTo(InetSocketAddress.createUnresolved("::1", 9042));
        assertThat(ContactPoints.parse("[fe80::1]:9043", 9042))
                .isEqualTo(InetSocketAddress.createUnresolved("fe80::1", 9043));
        assertThat(ContactPoints.parse("[fe80::1]", 9042)).isEqualTo(InetSocketAddress.createUnresolved("fe80::1", 9042));
        assertThat(ContactPoints.format("fe80::1", 9043)).isEqualTo("[fe80::1]:9043");
        assertThat(ContactPoints.format("db1", 9042)).isEqualTo("db1:9042");
    }

    @Test
    void aBadPointIsNamedWithWhatIsWrong() {
        assertThatThrownBy(() -> ContactPoints.parse("db1:x", 9042)).hasMessage(
                "contact point 'db1:x' has port 'x': expected a number from 1 to 65535");
        assertThatThrownBy(() -> ContactPoints.parse("db1:0", 9042)).hasMessageContaining("from 1 to 65535");
        assertThatThrownBy(() -> ContactPoints.parse("[fe80::1", 9042)).hasMessageContaining("does not close");
        assertThatThrownBy(() -> ContactPoints.parse(":9042", 9042)).hasMessageContaining("names no host");
    }
}
