/**
 * A JUnit 5 extension that shares embedded nodes across test classes.
 */
@NullMarked
package io.github.asynccassandra.embedded.junit;

import org.jspecify.annotations.NullMarked;
