package io.github.asynccassandra.sample;

import org.springframework.boot.SpringApplication;

/**
 * The sample app for development: the production app with the {@code dev} profile, which starts an
 * embedded Cassandra node. It lives on the test classpath, like the embedded module, so neither ships
 * in the production jar. Run it with {@code ./mvnw -pl async-cassandra-sample-app -am spring-boot:test-run}.
 */
public final class TestSampleApplication {

    private TestSampleApplication() {
    }

    public static void main(String[] args) {
        SpringApplication.from(SampleApplication::main).withAdditionalProfiles("dev").run(args);
    }
}
