package io.github.asynccassandra.bulk.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.metadata.token.TokenRange;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3Token;
import com.datastax.oss.driver.internal.core.metadata.token.Murmur3TokenRange;
import com.datastax.oss.driver.internal.core.metadata.token.RandomToken;
import com.datastax.oss.driver.internal.core.metadata.token.RandomTokenRange;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class TokenRangeSplitterTest {

    /** A ring of three Murmur3 tokens: one range wraps around. */
    private static final long QUARTER = 1L << 62;
    private static final List<TokenRange> MURMUR3_RING = List.of(range(-QUARTER, 0), range(0, QUARTER),
            range(QUARTER, -QUARTER));

    @Test
    void subRangesCoverTheMurmur3RingOnceAndNoneWraps() {
        for (int splits : new int[] {0, 1, 3, 10, 1000}) {
            List<TokenRange> parts = TokenRangeSplitter.split(MURMUR3_RING, splits, TokenRangeSplitterTest::murmur3FullRing);
            assertThat(parts).noneMatch(TokenRange::isWrappedAround).noneMatch(TokenRange::isEmpty);
            assertThat(parts.size()).as("%d splits", splits).isGreaterThanOrEqualTo(Math.max(splits, 3));
            assertCoversOnce(parts, token -> BigInteger.valueOf(((Murmur3Token) token).getValue()),
                    BigInteger.valueOf(Long.MIN_VALUE));
        }
        assertThat(TokenRangeSplitter.split(MURMUR3_RING, 0, TokenRangeSplitterTest::murmur3FullRing)).as("4 per range of the ring, and the wrapped one unwrapped")
                .hasSizeBetween(12, 13);
    }

    @Test
    void aRingOfOneTokenIsTheFullRingAndIsSplitToo() {
        List<TokenRange> parts = TokenRangeSplitter.split(List.of(range(42, 42)), 8, TokenRangeSplitterTest::murmur3FullRing);
        assertThat(parts).noneMatch(TokenRange::isWrappedAround);
        assertCoversOnce(parts, token -> BigInteger.valueOf(((Murmur3Token) token).getValue()),
                BigInteger.valueOf(Long.MIN_VALUE));
    }

    @Test
    void theRandomPartitionersRingIsSplitLikewise() {
        BigInteger max = BigInteger.TWO.pow(127);
        List<TokenRange> ring = List.of(random(BigInteger.ZERO, max.shiftRight(1)), random(max.shiftRight(1),
                BigInteger.ZERO));
        List<TokenRange> parts = TokenRangeSplitter.split(ring, 16, () -> random(BigInteger.ONE.negate(), BigInteger.ONE.negate()));
        assertThat(parts).noneMatch(TokenRange::isWrappedAround).hasSizeGreaterThanOrEqualTo(16);
        assertCoversOnce(parts, token -> ((RandomToken) token).getValue(), BigInteger.ONE.negate());
    }

    /**
     * Sorted by start, each sub-range starts where the previous ended, from the ring's minimum round to it
     * again: the last one ends at the minimum token, which Cassandra reads as the end of the ring.
     */
    private static void assertCoversOnce(List<TokenRange> parts, Function<Object, BigInteger> value, BigInteger min) {
        List<TokenRange> sorted = new ArrayList<>(parts);
        sorted.sort((a, b) -> value.apply(a.getStart()).compareTo(value.apply(b.getStart())));
        assertThat(value.apply(sorted.get(0).getStart())).isEqualTo(min);
        for (int i = 1; i < sorted.size(); i++) {
            assertThat(value.apply(sorted.get(i).getStart())).isEqualTo(value.apply(sorted.get(i - 1).getEnd()));
        }
        assertThat(value.apply(sorted.get(sorted.size() - 1).getEnd())).isEqualTo(min);
    }

    private static TokenRange murmur3FullRing() {
        return range(Long.MIN_VALUE, Long.MIN_VALUE);
    }

    private static TokenRange range(long start, long end) {
        return new Murmur3TokenRange(new Murmur3Token(start), new Murmur3Token(end));
    }

    private static TokenRange random(BigInteger start, BigInteger end) {
        return new RandomTokenRange(new RandomToken(start), new RandomToken(end));
    }
}
