package dev.netc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** How {@code predictParallel} cuts a batch into blocks. */
class ParallelBlocksTest {
    @Test
    void littleWorkStaysOneBlockUpToTheChunk() {
        // 97 FLOPs a row: 1000 rows are 97,000 FLOPs, far below a block's least work.
        assertThat(ParallelBlocks.rows(1000, 97, 128, 8)).isEqualTo(128);
        assertThat(ParallelBlocks.rows(100, 97, 128, 8)).as("the whole batch, rounded up to even").isEqualTo(100);
        assertThat(ParallelBlocks.rows(7, 97, 128, 8)).isEqualTo(8);
    }

    @Test
    void enoughWorkIsSharedOutOverTheCores() {
        // 784-128-10: 203,264 FLOPs a row, so 100 rows are about two blocks of 10 million.
        assertThat(ParallelBlocks.rows(100, 203_264, 128, 2)).isEqualTo(50);
        assertThat(ParallelBlocks.rows(100, 203_264, 128, 8)).as("two blocks: no more than the work allows")
                .isEqualTo(50);
        assertThat(ParallelBlocks.rows(99, 203_264, 128, 2)).as("an even number of rows").isEqualTo(50);
        assertThat(ParallelBlocks.rows(1000, 203_264, 128, 4)).isEqualTo(128);
        assertThat(ParallelBlocks.rows(300, 203_264, 128, 4)).isEqualTo(76);
    }

    @Test
    void blocksHaveAtLeastTwoRows() {
        assertThat(ParallelBlocks.rows(0, 97, 128, 4)).isEqualTo(2);
        assertThat(ParallelBlocks.rows(1, 97, 128, 4)).isEqualTo(2);
        assertThat(ParallelBlocks.rows(3, 1_000_000_000, 128, 4)).isEqualTo(2);
    }

    @Test
    void theMachinesCoresAreAsked() {
        int cores = Runtime.getRuntime().availableProcessors();
        assertThat(ParallelBlocks.rows(10_000, 203_264, 128)).isEqualTo(ParallelBlocks.rows(10_000, 203_264, 128, cores));
    }
}
