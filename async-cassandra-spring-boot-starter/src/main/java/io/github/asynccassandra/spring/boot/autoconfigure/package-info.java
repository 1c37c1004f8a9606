/**
 * Spring Boot auto-configuration of the cluster, the session and their lifecycle.
 */
@NullMarked
package io.github.asynccassandra.spring.boot.autoconfigure;

import org.jspecify.annotations.NullMarked;
