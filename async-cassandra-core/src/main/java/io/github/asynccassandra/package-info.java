/**
 * The client: {@link io.github.asynccassandra.AsyncCluster}, {@link io.github.asynccassandra.AsyncCassandraSession}, {@link io.github.asynccassandra.AsyncResultSet} and the options of a request.
 */
@NullMarked
package io.github.asynccassandra;

import org.jspecify.annotations.NullMarked;
