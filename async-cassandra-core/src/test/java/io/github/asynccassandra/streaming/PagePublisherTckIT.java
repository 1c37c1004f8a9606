package io.github.asynccassandra.streaming;

import com.datastax.oss.driver.api.core.cql.Row;
import java.util.List;
import java.util.concurrent.Flow;

/** The {@code pages()} publisher of {@code executeStream} against the Reactive Streams TCK (see {@link RealNodeTck}). */
public class PagePublisherTckIT extends RealNodeTck<List<Row>> {

    @Override
    public Flow.Publisher<List<Row>> createFlowPublisher(long elements) {
        return fixture.pages(elements);
    }

    @Override
    public Flow.Publisher<List<Row>> createFailedFlowPublisher() {
        return fixture.consumed().pages();
    }
}
