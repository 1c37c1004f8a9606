/**
 * Ahead-of-time (native image) support: the runtime hints the starter registers.
 */
@NullMarked
package io.github.asynccassandra.spring.boot.autoconfigure.aot;

import org.jspecify.annotations.NullMarked;
