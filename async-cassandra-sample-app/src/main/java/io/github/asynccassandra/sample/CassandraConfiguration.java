package io.github.asynccassandra.sample;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Interim wiring until the starter builds these beans: an embedded node (when enabled) and a driver
 * session connected to it, or to the external cluster named in the properties.
 */
@Configuration(proxyBeanMethods = false)
class CassandraConfiguration {

    @Bean(destroyMethod = "stop")
    @ConditionalOnProperty(name = "async-cassandra.embedded.enabled", havingValue = "true")
    EmbeddedCassandra embeddedCassandra(@Value("${async-cassandra.embedded.native-port:9042}") int nativePort,
            @Value("${async-cassandra.embedded.storage-port:7000}") int storagePort,
            @Value("${async-cassandra.embedded.working-directory:target/cassandra}") Path workingDirectory) {
        return EmbeddedCassandra.builder().nativePort(nativePort).storagePort(storagePort)
                .workingDirectory(workingDirectory).build().start();
    }

    @Bean(destroyMethod = "close")
    CqlSession cqlSession(ObjectProvider<EmbeddedCassandra> embedded,
            @Value("${async-cassandra.contact-points:127.0.0.1}") List<String> contactPoints,
            @Value("${async-cassandra.port:9042}") int port,
            @Value("${async-cassandra.local-datacenter:datacenter1}") String localDatacenter) {
        EmbeddedCassandra cassandra = embedded.getIfAvailable();
        if (cassandra != null) {
            return cassandra.cqlSessionBuilder().build();
        }
        CqlSessionBuilder builder = CqlSession.builder().withLocalDatacenter(localDatacenter);
        contactPoints.forEach(host -> builder.addContactPoint(new InetSocketAddress(host, port)));
        return builder.build();
    }
}
