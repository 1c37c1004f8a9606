package io.github.asynccassandra.bulk.internal;

import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import io.github.asynccassandra.bulk.BulkOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * Splits the ring into sub-ranges that neither overlap nor leave gaps, none of which wraps around (so
 * each is one {@code token > start AND token <= end} query). The driver's token ranges split and unwrap
 * themselves for each partitioner (Murmur3, Random, ByteOrdered). A range that ends at the ring's
 * minimum token ends at the end of the ring: Cassandra reads {@code token <= minimum} so, as the
 * driver's own unwrapping assumes.
 */
public final class TokenRangeSplitter {

    private TokenRangeSplitter() {
    }

    /**
     * @param ring the ranges of the ring, as the driver's token map gives them
     * @param splits sub-ranges wanted, or 0 for the default ({@link BulkOptions#splits()})
     * @param fullRing the whole ring as one range, for a ring of one token: the driver lists it as
     *     {@code (t, t]}, which it takes for an empty range
     */
    public static List<TokenRange> split(Collection<TokenRange> ring, int splits, Supplier<TokenRange> fullRing) {
        List<TokenRange> ranges = new ArrayList<>(ring);
        if (ranges.size() == 1 && ranges.get(0).isEmpty()) {
            ranges.set(0, fullRing.get());
        }
        ranges.sort(null);
        int count = ranges.size();
        if (count == 0) {
            throw new IllegalStateException("The driver's token map lists no token range");
        }
        int target = splits > 0 ? splits
                : (int) Math.min(BulkOptions.MAX_DEFAULT_SPLITS, (long) BulkOptions.DEFAULT_SPLITS_PER_RANGE * count);
        // A sub-range never spans two ranges of the ring, which may have different replicas.
        target = Math.max(target, count);
        List<TokenRange> result = new ArrayList<>(target + 1);
        for (int i = 0; i < count; i++) {
            int pieces = target / count + (i < target % count ? 1 : 0);
            TokenRange range = ranges.get(i);
            for (TokenRange piece : pieces == 1 ? List.of(range) : range.splitEvenly(pieces)) {
                for (TokenRange part : piece.unwrap()) {
                    if (!part.isEmpty()) {
                        result.add(part);
                    }
                }
            }
        }
        return result;
    }
}
