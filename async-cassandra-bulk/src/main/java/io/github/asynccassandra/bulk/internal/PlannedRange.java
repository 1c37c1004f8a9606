package io.github.asynccassandra.bulk.internal;

import com.datastax.oss.driver.api.core.metadata.token.TokenRange;

/** A sub-range of a bulk operation and its place in the plan (what a checkpoint records). */
record PlannedRange(int index, TokenRange range) {
}
