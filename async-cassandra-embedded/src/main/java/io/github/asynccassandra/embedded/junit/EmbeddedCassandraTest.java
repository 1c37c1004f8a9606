package io.github.asynccassandra.embedded.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that uses the run-wide shared embedded Cassandra node; parameters of type
 * {@code EmbeddedCassandra} receive it. Same as {@code @ExtendWith(EmbeddedCassandraExtension.class)}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(EmbeddedCassandraExtension.class)
public @interface EmbeddedCassandraTest {
}
