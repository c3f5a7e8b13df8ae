package io.nifidataops.scoring;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BatchScorerTest {

    @Test
    void scoresFullBatchesAndTheRestInArrivalOrderPassingSkippedItemsThrough() throws Exception {
        final List<Integer> batchSizes = new ArrayList<>();
        final List<String> seen = new ArrayList<>();
        final BatchScorer<String> scorer = new BatchScorer<>(3, rows -> {
            batchSizes.add(rows.length);
            final float[] scores = new float[rows.length];
            for (int i = 0; i < rows.length; i++) {
                scores[i] = rows[i][0] * 10;
            }
            return ScoreBatch.builder(rows.length).scores("s", scores).build(List.of());
        }, (item, batch, row) -> seen.add(item + "=" + (row < 0 ? "unscored" : batch.score(row, -1))));

        scorer.add("a", new float[]{1});
        scorer.add("b", null);
        scorer.add("c", new float[]{2});
        scorer.add("d", new float[]{3});
        scorer.flush();

        assertThat(seen).containsExactly("a=10.0", "b=unscored", "c=20.0", "d=30.0");
        assertThat(batchSizes).containsExactly(2, 1);
        assertThat(scorer.scoredCount()).isEqualTo(3);
        assertThat(scorer.totalCount()).isEqualTo(4);
    }

    @Test
    void aBatchWithoutScoredItemsIsNotSentToTheModel() throws Exception {
        final List<String> seen = new ArrayList<>();
        final BatchScorer<String> scorer = new BatchScorer<>(2, rows -> {
            throw new AssertionError("no call expected");
        }, (item, batch, row) -> seen.add(item + row));
        scorer.add("a", null);
        scorer.add("b", null);
        assertThat(seen).containsExactly("a-1", "b-1");
    }

    @Test
    void anAnswerWithTheWrongRowCountIsAnError() {
        final BatchScorer<String> scorer = new BatchScorer<>(2, rows -> ScoreBatch.builder(1).scores("s", new float[1]).build(List.of()),
                (item, batch, row) -> { });
        assertThatThrownBy(() -> {
            scorer.add("a", new float[]{1});
            scorer.add("b", new float[]{1});
        }).isInstanceOf(ScoringException.class).hasMessage("The model answered 1 rows for 2 inputs");
    }
}
