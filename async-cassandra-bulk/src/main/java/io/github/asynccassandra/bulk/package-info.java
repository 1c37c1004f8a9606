/**
 * Whole-table operations by token range: the table's ring is split into sub-ranges, each read by one
 * paged query routed to a replica of that range, several at a time. Start with
 * {@link io.github.asynccassandra.bulk.BulkOperations#of}.
 */
@NullMarked
package io.github.asynccassandra.bulk;

import org.jspecify.annotations.NullMarked;
