package io.github.asynccassandra.streaming;

import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK over streams from a real node ({@link TckFixture}).
 *
 * <p>Every required rule runs and must pass. Skipped, by design: the optional rules 1.11 ("may support
 * multi-subscribe": a result set is consumed once, so a second subscriber gets {@code onError}) and the
 * TCK's "untested" rules, which the TCK itself cannot check.
 */
abstract class RealNodeTck<T> extends FlowPublisherVerification<T> {

    TckFixture fixture;

    RealNodeTck() {
        // Generous timeouts: pages come from a real node on a busy 2-core machine.
        super(new TestEnvironment(5000, 200, 5000), 5000);
    }

    @BeforeClass
    public void startFixture() {
        fixture = new TckFixture();
    }

    @AfterClass(alwaysRun = true)
    public void stopFixture() {
        if (fixture != null) {
            fixture.close();
        }
    }

    /** Up to the table's rows, and more for spec 3.17's overflow test (see {@link TckFixture#rows}). */
    @Override
    public long maxElementsFromPublisher() {
        return Integer.MAX_VALUE;
    }
}
