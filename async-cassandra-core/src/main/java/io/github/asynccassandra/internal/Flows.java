package io.github.asynccassandra.internal;

import java.util.concurrent.Flow;

/** Reactive Streams signals shared by the project's publishers. */
public final class Flows {

    private Flows() {
    }

    /**
     * Refuses a subscriber, as the rules ask (1.9, then an error): a subscription that does nothing, then
     * {@code error}. For a publisher that serves one subscriber and is asked for a second.
     */
    public static void refuse(Flow.Subscriber<?> subscriber, Throwable error) {
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        subscriber.onError(error);
    }
}
