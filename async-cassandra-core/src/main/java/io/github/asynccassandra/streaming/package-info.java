/**
 * Streaming large results page by page with back-pressure.
 */
@NullMarked
package io.github.asynccassandra.streaming;

import org.jspecify.annotations.NullMarked;
