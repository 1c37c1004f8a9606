package io.github.asynccassandra.spring.boot.autoconfigure;

import static io.github.asynccassandra.spring.boot.autoconfigure.InvalidProperty.set;

import io.github.asynccassandra.embedded.EmbeddedCassandra;

/** Builds the embedded Cassandra from {@code async-cassandra.embedded.*}. */
final class EmbeddedNodeFactory {

    private EmbeddedNodeFactory() {
    }

    static EmbeddedCassandra build(AsyncCassandraProperties.Embedded embedded) {
        EmbeddedCassandra.Builder builder = EmbeddedCassandra.builder();
        set("embedded.version", embedded.getVersion(), () -> builder.version(embedded.getVersion()));
        set("embedded.nodes", embedded.getNodes(), () -> builder.nodes(embedded.getNodes()));
        set("embedded.native-port", embedded.getNativePort(), () -> builder.nativePort(embedded.getNativePort()));
        set("embedded.storage-port", embedded.getStoragePort(),
                () -> builder.storagePort(embedded.getStoragePort()));
        set("embedded.heap", embedded.getHeap(), () -> builder.heap(embedded.getHeap()));
        set("embedded.startup-timeout", embedded.getStartupTimeout(),
                () -> builder.startupTimeout(embedded.getStartupTimeout()));
        // Empty means unset, so a profile or a test can go back to a temporary directory.
        if (embedded.getWorkingDirectory() != null && !embedded.getWorkingDirectory().toString().isEmpty()) {
            builder.workingDirectory(embedded.getWorkingDirectory());
        }
        builder.authentication(embedded.isAuthentication()).clientTls(embedded.isClientTls());
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            // The one check left for build(): both ports the same.
            throw InvalidProperty.of("embedded.storage-port", embedded.getStoragePort(), e.getMessage());
        }
    }
}
