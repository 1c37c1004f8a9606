package io.github.asynccassandra.streaming;

import com.datastax.oss.driver.api.core.cql.Row;
import java.util.concurrent.Flow;

/** The rows publisher of {@code executeStream} against the Reactive Streams TCK (see {@link RealNodeTck}). */
public class RowPublisherTckIT extends RealNodeTck<Row> {

    @Override
    public Flow.Publisher<Row> createFlowPublisher(long elements) {
        return fixture.rows(elements);
    }

    @Override
    public Flow.Publisher<Row> createFailedFlowPublisher() {
        return fixture.consumed();
    }
}
