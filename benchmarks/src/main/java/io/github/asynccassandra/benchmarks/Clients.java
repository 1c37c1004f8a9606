package io.github.asynccassandra.benchmarks;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.github.asynccassandra.AsyncCassandraSession;
import java.util.concurrent.CompletionStage;
import org.springframework.data.cassandra.core.AsyncCassandraTemplate;
import org.springframework.data.cassandra.core.ReactiveCassandraTemplate;

/** The clients compared, each doing the same prepared INSERT and SELECT by key. */
final class Clients {

    static final String INSERT = "INSERT INTO bench.kv (id, payload) VALUES (?, ?)";
    static final String SELECT = "SELECT id, payload FROM bench.kv WHERE id = ?";

    private Clients() {
    }

    /** The driver's session as given, under {@code name}: plain, or wrapped, as Spring Data's observed session is. */
    static PointClient driver(String name, CqlSession session) {
        PreparedStatement insert = session.prepare(INSERT);
        PreparedStatement select = session.prepare(SELECT);
        return new PointClient() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletionStage<?> write(int key, String payload) {
                return session.executeAsync(insert.bind(key, payload));
            }

            @Override
            public CompletionStage<?> read(int key) {
                return session.executeAsync(select.bind(key)).thenApply(rows -> rows.one().getString(1));
            }
        };
    }

    static PointClient wrapper(String name, AsyncCassandraSession session) {
        PreparedStatement insert = session.prepare(INSERT).join();
        PreparedStatement select = session.prepare(SELECT).join();
        return new PointClient() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CompletionStage<?> write(int key, String payload) {
                return session.execute(insert, key, payload);
            }

            @Override
            public CompletionStage<?> read(int key) {
                return session.execute(select, key).thenApply(rows -> rows.one().getString(1));
            }
        };
    }

    static PointClient springDataAsync(AsyncCassandraTemplate template) {
        return new PointClient() {
            @Override
            public String name() {
                return "Spring Data `AsyncCassandraTemplate`";
            }

            @Override
            public CompletionStage<?> write(int key, String payload) {
                return template.insert(new KeyValue(key, payload));
            }

            @Override
            public CompletionStage<?> read(int key) {
                return template.selectOneById(key, KeyValue.class).thenApply(KeyValue::getPayload);
            }
        };
    }

    static PointClient springDataReactive(ReactiveCassandraTemplate template) {
        return new PointClient() {
            @Override
            public String name() {
                return "Spring Data `ReactiveCassandraTemplate`";
            }

            @Override
            public CompletionStage<?> write(int key, String payload) {
                return template.insert(new KeyValue(key, payload)).toFuture();
            }

            @Override
            public CompletionStage<?> read(int key) {
                return template.selectOneById(key, KeyValue.class).map(KeyValue::getPayload).toFuture();
            }
        };
    }
}
