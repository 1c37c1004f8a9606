/** The {@code async-cassandra-bulk} command-line tool, on the bulk module's API. */
@NullMarked
package io.github.asynccassandra.bulk.cli;

import org.jspecify.annotations.NullMarked;
