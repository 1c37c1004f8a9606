/**
 * Real Apache Cassandra nodes in forked JVMs, for tests and local runs, with fault injection.
 */
@NullMarked
package io.github.asynccassandra.embedded;

import org.jspecify.annotations.NullMarked;
