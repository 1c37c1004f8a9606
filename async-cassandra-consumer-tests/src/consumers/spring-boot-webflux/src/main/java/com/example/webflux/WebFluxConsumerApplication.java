package com.example.webflux;

import io.github.asynccassandra.AsyncCassandraSession;
import java.util.concurrent.CompletableFuture;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@SpringBootApplication
public class WebFluxConsumerApplication {

    public static void main(String[] args) {
        SpringApplication.run(WebFluxConsumerApplication.class, args);
    }

    @RestController
    static class ReleaseController {
        private final AsyncCassandraSession session;

        ReleaseController(AsyncCassandraSession session) {
            this.session = session;
        }

        @GetMapping("/release")
        CompletableFuture<String> release() {
            return session.execute("SELECT release_version FROM system.local")
                    .thenApply(rows -> rows.one().getString(0));
        }
    }
}
