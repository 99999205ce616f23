package dev.switchboard.concurrent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The layout of a platform lane's queue sets and the order each worker scans them in. */
class ScanOrderTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 8, 16})
    void everyWorkerScansEveryQueueSetOnce_ownFirst_andEachStripeIsInExactlyOneFirstGroup(
            int workers) {
        int stripes = PlatformLane.stripesFor(workers);
        int[][] orders = PlatformLane.scanOrders(workers, stripes);
        int[] groups = PlatformLane.firstGroups(workers, stripes);
        int[] all = IntStream.range(0, workers + stripes).toArray();
        Set<Integer> firstInLine = new HashSet<>();
        for (int w = 0; w < workers; w++) {
            assertThat(orders[w][0]).as("own queue set first").isEqualTo(w);
            assertThat(Arrays.stream(orders[w]).sorted().toArray()).isEqualTo(all);
            for (int k = 1; k < groups[w]; k++) {
                assertThat(orders[w][k])
                        .as("a submission queue set")
                        .isGreaterThanOrEqualTo(workers);
                assertThat(firstInLine.add(orders[w][k])).as("in one group only").isTrue();
            }
        }
        assertThat(firstInLine).hasSize(stripes);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 8, 16})
    void submissionQueues_noneForOneWorker_elseTwiceTheWorkersRoundedUpToAPowerOfTwo(int workers) {
        int stripes = PlatformLane.stripesFor(workers);
        if (workers == 1) {
            assertThat(stripes).isZero();
        } else {
            assertThat(Integer.bitCount(stripes)).isEqualTo(1);
            assertThat(stripes).isGreaterThanOrEqualTo(2 * workers).isLessThan(4 * workers);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5, 8, 16})
    void aStripeBelongsToWorkerStripeModN(int workers) {
        int stripes = PlatformLane.stripesFor(workers);
        int[][] orders = PlatformLane.scanOrders(workers, stripes);
        int[] groups = PlatformLane.firstGroups(workers, stripes);
        for (int w = 0; w < workers; w++) {
            for (int k = 1; k < groups[w]; k++) {
                assertThat((orders[w][k] - workers) % workers).isEqualTo(w);
            }
        }
    }
}
