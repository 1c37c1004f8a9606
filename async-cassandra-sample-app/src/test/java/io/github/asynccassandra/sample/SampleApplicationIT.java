package io.github.asynccassandra.sample;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.TraceEvent;

import io.github.asynccassandra.AsyncCassandraSession;
import io.github.asynccassandra.AsyncCluster;
import io.github.asynccassandra.exceptions.ConnectionException;
import io.github.asynccassandra.embedded.EmbeddedCassandra;
import io.github.asynccassandra.sample.users.Address;
import io.github.asynccassandra.sample.users.User;
import io.github.asynccassandra.sample.users.UserInput;
import io.github.asynccassandra.sample.users.UserPatch;
import io.github.asynccassandra.sample.users.UserRepository;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.micrometer.tracing.test.autoconfigure.AutoConfigureTracing;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.test.web.server.LocalServerPort;
import reactor.netty.http.HttpResources;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The running service over real HTTP, against the real node its starter started. */
// No working directory: a fresh node whose data is deleted when it stops.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "async-cassandra.embedded.working-directory=", "async-cassandra.embedded.heap=1g",
        // A busy 2-core CI machine can stall a node for more than the driver's 2 s default.
        "async-cassandra.request.timeout=15s", "management.tracing.sampling.probability=1.0",
        "spring.security.user.password=" + SampleApplicationIT.ADMIN_PASSWORD,
        "sample.exports.directory=target/sample-it-exports"})
@ActiveProfiles("dev")
@AutoConfigureTracing
@Import(SampleApplicationIT.InMemoryTracer.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SampleApplicationIT {

    private static final Logger log = LoggerFactory.getLogger(SampleApplicationIT.class);
    static final String ADMIN_PASSWORD = "test-admin-secret";
    private static final String ADMIN = "Basic " + java.util.Base64.getEncoder().encodeToString(
            ("admin:" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));

    /** Micrometer's in-memory tracer, so that the spans an HTTP request causes can be read back. */
    @TestConfiguration(proxyBeanMethods = false)
    static class InMemoryTracer {
        @Bean
        SimpleTracer simpleTracer() {
            return new SimpleTracer();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    // HTTP/1.1, which the server speaks: the JDK client's default (HTTP/2) would first offer an h2c upgrade
    // on every new connection, a path the server only declines. One client for the class, not one per test.
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @LocalServerPort
    int port;

    @Autowired
    AsyncCassandraSession session;

    @Autowired
    UserRepository repository;

    @Test
    @Order(1)
    void reportsTheRealClusterOverHttp() throws Exception {
        HttpResponse<String> response = get("/cluster");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"releaseVersion\":\"5.0.9\"").contains("datacenter1");
    }

    @Test
    @Order(2)
    void aWebFluxCallerContinuesOnItsServersEventLoop() {
        // The loops Boot's Reactor Netty server runs its handlers on (the global resources, by default).
        EventLoopGroup serverLoops = HttpResources.get().onServer(true);
        CompletableFuture<String> completer = new CompletableFuture<>();
        serverLoops.next().execute(() -> session.execute("SELECT release_version FROM system.local")
                .thenApply(rows -> Thread.currentThread().getName())
                .whenComplete((name, error) -> {
                    if (error != null) {
                        completer.completeExceptionally(error);
                    } else {
                        completer.complete(name);
                    }
                }));
        assertThat(completer).succeedsWithin(java.time.Duration.ofSeconds(20)).asString().startsWith("reactor-http-");
    }

    @Test
    @Order(2)
    void anHttpRequestsSpanIsTheParentOfTheCassandraSpansItCauses(@Autowired SimpleTracer tracer) throws Exception {
        HttpResponse<String> created = send("POST", "/users", "{\"name\": \"Trace\", \"email\": \"trace@example.com\"}");
        String id = JSON.readTree(created.body()).get("id").asString();
        tracer.getSpans().clear();
        assertThat(get("/users/" + id).statusCode()).isEqualTo(200);

        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && tracer.getSpans().stream().noneMatch(
                span -> span.getName() != null && span.getName().startsWith("http get"))) {
            Thread.sleep(50);
        }
        List<SimpleSpan> spans = List.copyOf(tracer.getSpans());
        SimpleSpan server = spans.stream().filter(span -> span.getName().startsWith("http get")).findFirst()
                .orElseThrow(() -> new AssertionError("no server span in " + spans));
        List<SimpleSpan> cassandra = spans.stream()
                .filter(span -> "cassandra".equals(span.getTags().get("db.system.name"))).toList();
        for (SimpleSpan span : spans) {
            log.info("span {} (id {}, parent {}, trace {}) tags {}", span.getName(), span.getSpanId(),
                    span.getParentId(), span.getTraceId(), span.getTags());
        }
        assertThat(cassandra).as("Cassandra spans of GET /users/{id}").isNotEmpty().allSatisfy(span -> {
            assertThat(span.getTraceId()).isEqualTo(server.getTraceId());
            assertThat(span.getParentId()).isEqualTo(server.getSpanId());
            assertThat(span.getName()).isEqualTo("SELECT sample");
            assertThat(span.getTags()).containsEntry("db.namespace", "sample")
                    .containsEntry("db.operation.name", "SELECT").containsEntry("outcome", "SUCCESS")
                    .containsEntry("db.query.text", "SELECT id, name, email, age, address, created_at, updated_at "
                            + "FROM sample.users WHERE id = ?")
                    .containsKeys("server.address", "server.port", "cassandra.consistency.level");
        });
    }

    @Test
    @Order(3)
    void createsReadsReplacesPatchesAndDeletesAUser() throws Exception {
        HttpResponse<String> created = send("POST", "/users", """
                {"name": "Ada", "email": "ada@example.com", "age": 36,
                 "address": {"street": "12 St James's Square", "city": "London", "zip": "SW1Y 4JH"}}""");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode user = JSON.readTree(created.body());
        String id = user.get("id").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/users/" + id);

        JsonNode read = JSON.readTree(get("/users/" + id).body());
        assertThat(read.get("name").asString()).isEqualTo("Ada");
        assertThat(read.get("address").get("city").asString()).isEqualTo("London");
        assertThat(read.get("createdAt").asString()).isEqualTo(user.get("createdAt").asString());

        HttpResponse<String> replaced = send("PUT", "/users/" + id, """
                {"name": "Ada Lovelace", "email": "ada@analytical.engine"}""");
        assertThat(replaced.statusCode()).isEqualTo(200);
        JsonNode afterPut = JSON.readTree(replaced.body());
        assertThat(afterPut.get("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(afterPut.get("age").isNull()).isTrue();
        assertThat(afterPut.get("address").isNull()).isTrue();

        HttpResponse<String> patched = send("PATCH", "/users/" + id, "{\"age\": 37}");
        assertThat(patched.statusCode()).isEqualTo(200);
        JsonNode afterPatch = JSON.readTree(patched.body());
        assertThat(afterPatch.get("age").asInt()).isEqualTo(37);
        assertThat(afterPatch.get("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(afterPatch.get("createdAt").asString()).isEqualTo(user.get("createdAt").asString());

        // JSON Merge Patch: null clears a field; a required one cannot be cleared.
        HttpResponse<String> cleared = send("PATCH", "/users/" + id, "{\"age\": null, \"name\": \"Ada K.\"}");
        assertThat(cleared.statusCode()).as(cleared.body()).isEqualTo(200);
        assertThat(JSON.readTree(cleared.body()).get("age").isNull()).isTrue();
        assertThat(JSON.readTree(cleared.body()).get("name").asString()).isEqualTo("Ada K.");
        HttpResponse<String> noEmail = send("PATCH", "/users/" + id, "{\"email\": null}");
        assertProblem(noEmail, 400);
        assertThat(noEmail.body()).contains("email: is required and cannot be cleared");
        assertThat(send("PATCH", "/users/" + id, "{\"shoe\": 44}").body()).contains("shoe: no such field");

        assertThat(send("DELETE", "/users/" + id, null).statusCode()).isEqualTo(204);
        HttpResponse<String> gone = get("/users/" + id);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertProblem(gone, 404);
        assertThat(send("DELETE", "/users/" + id, null).statusCode()).isEqualTo(404);
        assertThat(send("PUT", "/users/" + id, "{\"name\": \"x\", \"email\": \"x@y.z\"}").statusCode())
                .isEqualTo(404);
        assertThat(send("PATCH", "/users/" + id, "{\"age\": 1}").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(2)
    void oneSessionServesSpringDataAndTheApiInTheSameMetersAndTraces(@Autowired SimpleTracer tracer,
            @Autowired org.springframework.context.ApplicationContext context) throws Exception {
        assertThat(context.getBeanNamesForType(com.datastax.oss.driver.api.core.CqlSession.class))
                .as("one driver session: the starter's").containsExactly("cassandraSession");
        tracer.getSpans().clear();
        HttpResponse<String> created = send("POST", "/users", "{\"name\": \"Audited\", \"email\": \"a@example.com\"}");
        String id = JSON.readTree(created.body()).get("id").asString();
        assertThat(send("PATCH", "/users/" + id, "{\"age\": 5}").statusCode()).isEqualTo(200);
        assertThat(send("DELETE", "/users/" + id, null).statusCode()).isEqualTo(204);
        HttpResponse<String> audit = get("/users/" + id + "/audit");
        assertThat(audit.statusCode()).isEqualTo(200);
        List<String> actions = new ArrayList<>();
        JSON.readTree(audit.body()).forEach(entry -> actions.add(entry.get("action").asString()));
        assertThat(actions).as("newest first").containsExactly("DELETED", "PATCHED", "CREATED");

        // The POST's span is the parent of both inserts: ours and Spring Data's, on one session.
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && tracer.getSpans().stream().noneMatch(
                span -> span.getName() != null && span.getName().startsWith("http post"))) {
            Thread.sleep(50);
        }
        List<SimpleSpan> spans = List.copyOf(tracer.getSpans());
        SimpleSpan post = spans.stream().filter(span -> span.getName().startsWith("http post")).findFirst()
                .orElseThrow(() -> new AssertionError("no POST span in " + spans));
        assertThat(spans).filteredOn(span -> post.getSpanId().equals(span.getParentId()))
                .extracting(span -> span.getTags().get("db.query.text"))
                .anyMatch(text -> text != null && text.startsWith("INSERT INTO sample.users"))
                .anyMatch(text -> text != null && text.contains("user_audit"));
    }

    @Test
    @Order(3)
    void createIfAbsentIsALightweightTransaction() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = "{\"name\": \"Grace\", \"email\": \"grace@example.com\"}";
        assertThat(send("POST", "/users/" + id, body).statusCode()).isEqualTo(201);
        HttpResponse<String> again = send("POST", "/users/" + id, "{\"name\": \"Other\", \"email\": \"o@example.com\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertProblem(again, 409);
        assertThat(JSON.readTree(get("/users/" + id).body()).get("name").asString()).isEqualTo("Grace");
    }

    /**
     * A bound {@code null} is written as a tombstone, which every later read of the row must skip; a field
     * a client did not give is left unset instead, as Spring Data's inserts leave it. Read back with
     * tracing: the node reports the tombstone cells it read.
     */
    @Test
    @Order(3)
    void aCreateWritesNoTombstonesForTheFieldsItWasNotGiven() throws Exception {
        String body = "{\"name\": \"Sparse\", \"email\": \"sparse@example.com\"}";
        List<String> ids = new ArrayList<>();
        ids.add(JSON.readTree(send("POST", "/users", body).body()).get("id").asString());
        String chosen = UUID.randomUUID().toString();
        assertThat(send("POST", "/users/" + chosen, body).statusCode()).isEqualTo(201);
        ids.add(chosen);
        ids.add(JSON.readTree(send("POST", "/users/batch", "[" + body + "]").body()).get(0).get("id").asString());
        for (String id : ids) {
            var read = session.getDriverSession().execute(SimpleStatement.newInstance(
                    "SELECT * FROM sample.users WHERE id = ?", UUID.fromString(id)).setTracing(true));
            assertThat(read.one()).isNotNull();
            assertThat(read.getExecutionInfo().getQueryTrace().getEvents())
                    .extracting(TraceEvent::getActivity)
                    .as("the trace of reading user %s", id)
                    .anyMatch(activity -> activity.startsWith("Read 1 live rows and 0 tombstone cells"));
        }
    }

    /**
     * Creates are plain inserts and updates are lightweight transactions: mixed on one row, they are ordered by their
     * timestamps, and a client's clock ahead of the nodes' would put an insert after the Paxos-timestamped update
     * that followed it, hiding the update (shown first with such a client). The app takes its timestamps from the
     * cluster (the driver's ServerSideTimestampGenerator), as Paxos does: a client clock cannot reorder them.
     */
    @Test
    @Order(3)
    void aPatchRightAfterACreateIsNeverHiddenByTheCreatesTimestamp(@Autowired EmbeddedCassandra cassandra)
            throws Exception {
        try (AsyncCluster ahead = AsyncCluster.builder().contactPoints("127.0.0.1:" + cassandra.nativePort())
                .localDatacenter("datacenter1").option("advanced.timestamp-generator.class",
                        ClockAheadTimestampGenerator.class.getName()).build()) {
            io.github.asynccassandra.AsyncCassandraSession skewed = ahead.connect().join();
            UUID id = UUID.randomUUID();
            skewed.execute("INSERT INTO sample.users (id, name, email) VALUES (?, 'Skewed', 's@example.com')", id)
                    .join();
            skewed.execute("UPDATE sample.users SET name = 'Patched' WHERE id = ? IF EXISTS", id).join();
            assertThat(skewed.execute("SELECT name FROM sample.users WHERE id = ?", id).join().one().getString(0))
                    .as("the hazard: an insert timestamped by a clock an hour ahead hides the LWT after it")
                    .isEqualTo("Skewed");
        }
        assertThat(session.getDriverSession().getContext().getConfig().getDefaultProfile()
                .getString(com.datastax.oss.driver.api.core.config.DefaultDriverOption.TIMESTAMP_GENERATOR_CLASS))
                .isEqualTo("ServerSideTimestampGenerator");
        for (int i = 0; i < 20; i++) {
            String id = JSON.readTree(send("POST", "/users", "{\"name\": \"Fresh\", \"email\": \"f@example.com\"}")
                    .body()).get("id").asString();
            assertThat(send("PATCH", "/users/" + id, "{\"name\": \"Changed\"}").statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(get("/users/" + id).body()).get("name").asString()).isEqualTo("Changed");
        }
    }

    /** A driver timestamp generator whose clock runs an hour ahead of the nodes'. */
    public static final class ClockAheadTimestampGenerator
            implements com.datastax.oss.driver.api.core.time.TimestampGenerator {
        public ClockAheadTimestampGenerator(com.datastax.oss.driver.api.core.context.DriverContext context) {
        }

        @Override
        public long next() {
            return (System.currentTimeMillis() + java.time.Duration.ofHours(1).toMillis()) * 1000;
        }

        @Override
        public void close() {
        }
    }

    /** RFC 7396 all the way down: a nested object is merged, not replaced; required fields cannot be blanked. */
    @Test
    @Order(3)
    void mergesANestedAddressAndRefusesBlankRequiredFieldsAndNullBatchEntries() throws Exception {
        HttpResponse<String> created = send("POST", "/users", """
                {"name": "Grace", "email": "grace@example.com",
                 "address": {"street": "1 Navy Way", "city": "Arlington", "zip": "22202"}}""");
        String id = JSON.readTree(created.body()).get("id").asString();

        HttpResponse<String> moved = send("PATCH", "/users/" + id, "{\"address\": {\"city\": \"New York\"}}");
        assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
        JsonNode address = JSON.readTree(moved.body()).get("address");
        assertThat(address.get("city").asString()).isEqualTo("New York");
        assertThat(address.get("street").asString()).isEqualTo("1 Navy Way");
        assertThat(address.get("zip").asString()).isEqualTo("22202");

        HttpResponse<String> noZip = send("PATCH", "/users/" + id, "{\"address\": {\"zip\": null}, \"age\": 85}");
        assertThat(noZip.statusCode()).as(noZip.body()).isEqualTo(200);
        JsonNode afterClear = JSON.readTree(get("/users/" + id).body());
        assertThat(afterClear.get("address").get("zip").isNull()).isTrue();
        assertThat(afterClear.get("address").get("street").asString()).isEqualTo("1 Navy Way");
        assertThat(afterClear.get("age").asInt()).isEqualTo(85);
        assertThat(send("PATCH", "/users/" + id, "{\"address\": {\"planet\": \"Earth\"}}").body())
                .contains("address.planet: no such field");

        HttpResponse<String> blankEmail = send("PATCH", "/users/" + id, "{\"email\": \"\"}");
        assertProblem(blankEmail, 400);
        assertThat(blankEmail.body()).contains("email: must not be blank");
        assertThat(JSON.readTree(get("/users/" + id).body()).get("email").asString()).isEqualTo("grace@example.com");

        HttpResponse<String> nullEntry = send("POST", "/users/batch", "[null]");
        assertProblem(nullEntry, 400);
        assertThat(nullEntry.body()).contains("user 0: is null");
    }

    @Test
    @Order(4)
    void createsUsersInABatch() throws Exception {
        HttpResponse<String> created = send("POST", "/users/batch", """
                [{"name": "A", "email": "a@example.com"}, {"name": "B", "email": "b@example.com"},
                 {"name": "C", "email": "c@example.com", "age": 3}]""");
        assertThat(created.statusCode()).isEqualTo(201);
        JsonNode users = JSON.readTree(created.body());
        assertThat(users.size()).isEqualTo(3);
        for (JsonNode user : users) {
            assertThat(get("/users/" + user.get("id").asString()).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> invalid = send("POST", "/users/batch", """
                [{"name": "A", "email": "a@example.com"}, {"name": "B"}]""");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("user 1: email: must not be blank");
        String tooMany = Stream.generate(() -> "{\"name\": \"n\", \"email\": \"n@example.com\"}").limit(51)
                .reduce((a, b) -> a + "," + b).map(list -> "[" + list + "]").orElseThrow();
        assertThat(send("POST", "/users/batch", tooMany).statusCode()).isEqualTo(400);
        // Fifty users within the count, but too many bytes for one batch.
        String big = "{\"name\": \"" + "n".repeat(100) + "\", \"email\": \"" + "e".repeat(60) + "@" + "d".repeat(63) + ".example.com\", "
                + "\"address\": {\"street\": \"" + "s".repeat(200) + "\", \"city\": \"" + "c".repeat(200)
                + "\", \"zip\": \"" + "z".repeat(200) + "\"}}";
        HttpResponse<String> tooBig = send("POST", "/users/batch", Stream.generate(() -> big).limit(50)
                .reduce((a, b) -> a + "," + b).map(list -> "[" + list + "]").orElseThrow());
        assertProblem(tooBig, 400);
        assertThat(tooBig.body()).contains("batch_size_fail_threshold");
    }

    @Test
    @Order(5)
    void rejectsBadInputWithProblemDetails() throws Exception {
        HttpResponse<String> badId = get("/users/not-a-uuid");
        assertProblem(badId, 400);
        assertThat(JSON.readTree(badId.body()).get("detail").asString())
                .isEqualTo("'id' must be a UUID, was 'not-a-uuid'");
        HttpResponse<String> nameless = send("POST", "/users", "{\"email\": \"a@example.com\"}");
        assertProblem(nameless, 400);
        assertThat(JSON.readTree(nameless.body()).get("detail").asString()).isEqualTo("name: must not be blank");
        assertThat(JSON.readTree(send("POST", "/users", "{\"name\": \"A\", \"email\": \"not-an-email\", "
                + "\"age\": 200}").body()).get("detail").asString())
                .isEqualTo("age: must be less than or equal to 150; email: must be a well-formed email address");
        assertProblem(send("POST", "/users", "{\"name\": \"" + "x".repeat(101) + "\", \"email\": \"a@example.com\"}"),
                400);
        assertProblem(send("POST", "/users", "{\"name\": \"A\", \"email\": \"" + "e".repeat(250) + "@example.com\"}"),
                400);
        assertProblem(send("POST", "/users", "{\"name\": \"A\", \"email\": \"not-an-email\"}"), 400);
        assertProblem(send("POST", "/users", "{\"name\": \"A\", \"email\": \"a@example.com\", \"age\": -1}"), 400);
        assertProblem(send("POST", "/users", "{not json"), 400);
        assertProblem(send("POST", "/users", ""), 400);
        assertProblem(send("PATCH", "/users/" + UUID.randomUUID(), "{}"), 400);
        assertProblem(get("/users?pageSize=0"), 400);
        assertProblem(get("/users?pageSize=10&pagingState=" + URLEncoder.encode("garbage", StandardCharsets.UTF_8)),
                400);
        HttpResponse<String> response = send("POST", "/users", "{\"name\": \"A\"}");
        assertThat(response.body()).doesNotContain("at io.github").doesNotContain("Exception:");
    }

    @Test
    @Order(10)
    void pagesThroughEveryUserWithTheToken() throws Exception {
        insertUsers(2_500);
        long total = count();
        Set<String> seen = new HashSet<>();
        String pagingState = null;
        int pages = 0;
        do {
            String query = "/users?pageSize=100" + (pagingState == null ? ""
                    : "&pagingState=" + URLEncoder.encode(pagingState, StandardCharsets.UTF_8));
            HttpResponse<String> response = get(query);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode page = JSON.readTree(response.body());
            page.get("users").forEach(user -> assertThat(seen.add(user.get("id").asString())).isTrue());
            pagingState = page.get("pagingState").isNull() ? null : page.get("pagingState").asString();
            pages++;
        } while (pagingState != null);
        assertThat(seen).hasSize((int) total);
        assertThat(pages).isGreaterThanOrEqualTo(25);
    }

    @Test
    @Order(11)
    void exportsFiftyThousandUsersAsNdjsonCompletely() throws Exception {
        insertUsers(Math.max(0, 50_000 - (int) count()));
        long total = count();
        assertThat(total).isGreaterThanOrEqualTo(50_000);
        HttpResponse<Stream<String>> response = HTTP.send(request("/users/export").build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/x-ndjson"));
        Set<String> ids = new HashSet<>();
        try (Stream<String> lines = response.body()) {
            lines.forEach(line -> ids.add(JSON.readTree(line).get("id").asString()));
        }
        assertThat(ids).hasSize((int) total);

        HttpResponse<Stream<String>> pages = HTTP.send(request("/users/stream/pages?pageSize=1000").build(),
                HttpResponse.BodyHandlers.ofLines());
        long rows = 0;
        long lastPage = 0;
        try (Stream<String> lines = pages.body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                JsonNode page = JSON.readTree(line);
                assertThat(page.get("page").asLong()).isEqualTo(lastPage + 1);
                lastPage = page.get("page").asLong();
                rows += page.get("users").size();
            }
        }
        assertThat(rows).isEqualTo(total);
        assertThat(lastPage).isGreaterThanOrEqualTo(50);
    }

    @Test
    @Order(12)
    void countsUsersByTokenRangeAndExportsThemToAFileInTheBackground() throws Exception {
        long total = count();
        double scannedBefore = countScans();
        assertThat(JSON.readTree(get("/users/count").body()).get("count").asLong()).isEqualTo(total);
        double oneScan = countScans() - scannedBefore;
        assertThat(oneScan).as("sub-ranges counted by one scan").isPositive();
        // A whole-table scan: the next callers within sample.count.cache-for get its result, not a scan each.
        for (int i = 0; i < 3; i++) {
            assertThat(JSON.readTree(get("/users/count").body()).get("count").asLong()).isEqualTo(total);
        }
        assertThat(countScans() - scannedBefore).isEqualTo(oneScan);

        HttpResponse<String> started = sendAsAdmin("POST", "/admin/exports/users?format=csv");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String location = started.headers().firstValue("Location").orElseThrow();
        JsonNode job = JSON.readTree(started.body());
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (job.get("state").asString().equals("RUNNING") && System.nanoTime() < deadline) {
            Thread.sleep(100);
            job = JSON.readTree(sendAsAdmin("GET", location).body());
        }
        assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("DONE");
        assertThat(job.get("result").get("rows").asLong()).isEqualTo(total);
        assertThat(job.get("progress").get("fractionDone").asDouble()).isEqualTo(1.0);
        assertThat(job.get("file").asString()).as("a name, not a server path").doesNotContain("/")
                .endsWith(".csv");
        java.nio.file.Path file = java.nio.file.Path.of("target/sample-it-exports", job.get("file").asString());
        try (Stream<String> lines = java.nio.file.Files.lines(file)) {
            assertThat(lines.count()).as("header and one line per user").isEqualTo(total + 1);
        }
        java.nio.file.Files.delete(file);

        assertProblem(sendAsAdmin("POST", "/admin/exports/users?format=xml"), 400);
        assertProblem(sendAsAdmin("GET", "/admin/exports/" + UUID.randomUUID()), 404);
    }

    @Test
    @Order(13)
    void aClientThatLeavesInTheMiddleOfAnExportCancelsTheStream(@Autowired MeterRegistry meters) throws Exception {
        assertThat(count()).as("enough users for many pages").isGreaterThanOrEqualTo(50_000);
        double cancelledBefore = streams(meters, "cancelled");
        HttpResponse<InputStream> response = HTTP.send(request("/users/export").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            for (int i = 0; i < 10; i++) {
                assertThat(lines.readLine()).startsWith("{\"id\"");
            }
        }
        // The client is gone: the stream is cancelled, and every stream opened has ended.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (streams(meters, "cancelled") <= cancelledBefore && System.nanoTime() < deadline) {
            session.getMetrics().flush(java.time.Duration.ofSeconds(5));
            Thread.sleep(100);
        }
        assertThat(streams(meters, "cancelled")).isEqualTo(cancelledBefore + 1);
        assertThat(streams(meters, "opened")).as("no stream left open, holding a page")
                .isEqualTo(streams(meters, "closed") + streams(meters, "cancelled"));
    }

    @Test
    @Order(14)
    void anExportThatFailsAfterItsFirstLinesEndsTheResponseAbnormally(@Autowired EmbeddedCassandra cassandra)
            throws Exception {
        HttpResponse<InputStream> response = HTTP.send(request("/users/export").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        long lines = 0;
        Throwable failure = null;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            reader.readLine();
            lines++;
            // Cassandra stops answering: the next page the server asks for times out.
            cassandra.pause(1);
            while (reader.readLine() != null) {
                lines++;
            }
        } catch (IOException e) {
            failure = e;
        } finally {
            cassandra.resume(1);
        }
        awaitCassandraAnswers();
        assertThat(failure).as("after %s lines, the client must see an error, not a clean end of a shorter file",
                lines).isInstanceOf(IOException.class);
        assertThat(lines).isLessThan(count());
    }

    /**
     * A thawed node may take a few seconds to answer again, and the app's connection monitor until its
     * next check to see the node up: waits for both, so that later tests find the app as it was.
     */
    private void awaitCassandraAnswers() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try {
                session.execute("SELECT release_version FROM system.local").join();
                if (get("/actuator/health").statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("The app's health is not UP again: " + get("/actuator/health").body());
            }
            Thread.sleep(500);
        }
    }

    @Autowired
    MeterRegistry meterRegistry;

    /** Sub-ranges counted by the bulk counts so far. */
    private double countScans() {
        return meterRegistry.find("cassandra.bulk.ranges").tag("operation", "count").counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    private static double streams(MeterRegistry meters, String event) {
        return meters.find("cassandra.streams").tag("event", event).counters().stream()
                .mapToDouble(io.micrometer.core.instrument.Counter::count).sum();
    }

    @Test
    @Order(20)
    void healthShowsTheAsyncCassandraIndicator() throws Exception {
        HttpResponse<String> response = get("/actuator/health");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode indicator = JSON.readTree(response.body()).get("components").get("asyncCassandra");
        assertThat(indicator.get("status").asString()).isEqualTo("UP");
        assertThat(indicator.get("details").get("releaseVersion").asString()).isEqualTo("5.0.9");
        assertThat(indicator.get("details").get("nodesUp").asInt()).isEqualTo(1);
    }

    /**
     * The admin surface needs an admin: exports (which write files and scan the table) and every actuator endpoint
     * but health, which probes call without credentials. The users API stays open, as the sample's public API.
     */
    @Test
    @Order(20)
    void onlyAnAdminReachesTheAdminSurfaceAndProbesReachHealth() throws Exception {
        HttpResponse<String> anonymousExport = send("POST", "/admin/exports/users?format=csv", null);
        assertThat(anonymousExport.statusCode()).as(anonymousExport.body()).isEqualTo(401);
        assertThat(anonymousExport.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                challenge -> assertThat(challenge).startsWith("Basic"));
        assertThat(get("/admin/exports/" + UUID.randomUUID()).statusCode()).isEqualTo(401);
        assertThat(get("/actuator/prometheus").statusCode()).isEqualTo(401);
        assertThat(get("/actuator/metrics").statusCode()).isEqualTo(401);
        HttpResponse<String> wrongPassword = HTTP.send(request("/actuator/prometheus").header("Authorization",
                "Basic " + java.util.Base64.getEncoder().encodeToString("admin:guess".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongPassword.statusCode()).isEqualTo(401);

        assertThat(get("/actuator/health").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/users?pageSize=1").statusCode()).isEqualTo(200);
        assertThat(sendAsAdmin("GET", "/actuator/prometheus").statusCode()).isEqualTo(200);
        assertThat(sendAsAdmin("GET", "/admin/exports/" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(21)
    void prometheusShowsTheProjectsMetersAfterTraffic() throws Exception {
        // The API's traffic so far has had no Cassandra error: make one.
        session.execute("SELECT * FROM sample.no_such_table").handle((rows, error) -> error).join();
        String metrics = sendAsAdmin("GET", "/actuator/prometheus").body();
        assertThat(metrics).contains("cassandra_queries_total{").contains("query_type=\"select\"")
                .contains("query_type=\"insert\"").contains("cassandra_query_duration_seconds_bucket{")
                .contains("cassandra_errors_total{error_type=\"InvalidQueryException\"").contains("cassandra_connection_healthy{")
                .contains("cassandra_streams_total{").contains("cassandra_stream_rows_total{")
                .contains("cassandra_driver_session_bytes_sent")
                // Timed once, by the request tracker: the driver's own request timer is not on by default.
                .doesNotContain("cassandra_driver_session_cql_requests");
    }

    @Test
    @Order(Integer.MAX_VALUE - 1)
    void aPatchOnAClosedSessionFailsAsUnavailableNotAsARecursiveMapUpdate(@Autowired AsyncCluster cluster)
            throws Exception {
        AsyncCassandraSession closing = cluster.connect().join();
        UserRepository onClosedSession = new UserRepository(cluster, closing, 1);
        closing.close();
        CompletableFuture<Boolean> patched = onClosedSession.patch(UUID.randomUUID(),
                new UserPatch(new UserInput("only a name", null, null, null), java.util.Set.of(), null), Instant.now());
        assertThat(patched).failsWithin(java.time.Duration.ofSeconds(10)).withThrowableThat()
                .havingCause().isInstanceOf(ConnectionException.class).withMessageContaining("closed");
        assertThat(CassandraErrorHandler.isUnavailable(ConnectionException.class.cast(
                patched.handle((ok, e) -> e.getCause()).join()))).as("answered as 503").isTrue();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void answers503WhenCassandraIsDown(@Autowired EmbeddedCassandra cassandra) throws Exception {
        cassandra.kill(1);
        HttpResponse<String> response = get("/users/" + UUID.randomUUID());
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(response.body()).get("title").asString()).isEqualTo("Cassandra unavailable");
        assertThat(response.body()).doesNotContain("at com.datastax");
    }

    private long count() {
        return session.execute("SELECT count(*) FROM sample.users").join().one().getLong(0);
    }

    /** Inserts users straight through the repository, 256 at a time. */
    private void insertUsers(int count) throws InterruptedException {
        Semaphore inFlight = new Semaphore(256);
        List<CompletableFuture<Void>> writes = new ArrayList<>(count);
        Instant now = Instant.now();
        for (int i = 0; i < count; i++) {
            inFlight.acquire();
            User user = new User(UUID.randomUUID(), "user " + i, "user" + i + "@example.com", i % 100,
                    new Address(i + " Main St", "Springfield", "12345"), now, now);
            writes.add(repository.insert(user).whenComplete((ignored, error) -> inFlight.release()));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }

    private static void assertProblem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(body.has("title")).isTrue();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(request(path).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> sendAsAdmin(String method, String path) throws Exception {
        return HTTP.send(request(path).header("Authorization", ADMIN).method(method,
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder builder = request(path).header("Content-Type", "application/json");
        builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }
}
