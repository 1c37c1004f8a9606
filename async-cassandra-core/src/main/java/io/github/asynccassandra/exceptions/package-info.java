/**
 * Exceptions raised by async-cassandra. Driver exceptions pass through unwrapped; these cover
 * connection and protocol failures, configuration errors and unexpected non-driver errors.
 */
@NullMarked
package io.github.asynccassandra.exceptions;

import org.jspecify.annotations.NullMarked;
