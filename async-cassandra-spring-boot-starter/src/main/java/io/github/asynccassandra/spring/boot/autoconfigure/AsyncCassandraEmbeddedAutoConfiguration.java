package io.github.asynccassandra.spring.boot.autoconfigure;

import io.github.asynccassandra.embedded.EmbeddedCassandra;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * With {@code async-cassandra.embedded.enabled=true} and {@code async-cassandra-embedded} on the
 * classpath, starts a real Cassandra before the cluster bean and connects the application to it,
 * whatever the contact points say. The node stops when the context closes, after the session.
 */
@AutoConfiguration(before = AsyncCassandraAutoConfiguration.class)
@ConditionalOnClass(EmbeddedCassandra.class)
@ConditionalOnBooleanProperty("async-cassandra.embedded.enabled")
@EnableConfigurationProperties(AsyncCassandraProperties.class)
public final class AsyncCassandraEmbeddedAutoConfiguration {

    @Bean(destroyMethod = "stop")
    @ConditionalOnMissingBean
    EmbeddedCassandra asyncCassandraEmbeddedCassandra(AsyncCassandraProperties properties) {
        return EmbeddedNodeFactory.build(properties.getEmbedded()).start();
    }

    @Bean
    @ConditionalOnMissingBean(AsyncCassandraConnectionDetails.class)
    AsyncCassandraConnectionDetails asyncCassandraEmbeddedConnectionDetails(EmbeddedCassandra cassandra) {
        return new EmbeddedCassandraConnectionDetails(cassandra);
    }
}
