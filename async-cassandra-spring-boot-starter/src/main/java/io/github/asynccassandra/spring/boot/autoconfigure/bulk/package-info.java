/** Auto-configuration of token-range bulk operations ({@code async-cassandra-bulk}). */
@NullMarked
package io.github.asynccassandra.spring.boot.autoconfigure.bulk;

import org.jspecify.annotations.NullMarked;
