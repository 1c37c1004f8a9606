package io.github.asynccassandra.spring.boot.autoconfigure;

import io.github.asynccassandra.AsyncCluster;

/**
 * Adjusts the {@link AsyncCluster.Builder} after the properties have been applied: declare a bean of
 * this type for what the properties do not cover (a load-balancing policy, an auth provider, a callback
 * executor). Beans are applied in their {@code @Order}.
 */
@FunctionalInterface
public interface AsyncClusterBuilderCustomizer {

    /**
     * Adjusts {@code builder}.
     *
     * @param builder the builder
     */
    void customize(AsyncCluster.Builder builder);
}
