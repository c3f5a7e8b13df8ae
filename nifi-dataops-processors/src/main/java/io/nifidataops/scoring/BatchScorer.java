package io.nifidataops.scoring;

import java.io.IOException;
import java.util.Arrays;

/**
 * Holds at most {@code capacity} items (records) with their feature vectors, scores them in one call when full,
 * and hands every item to the sink in arrival order: scored items with their row of the batch, unscored ones
 * (null vector) with row -1. Memory stays bounded by the batch, whatever the size of the record stream.
 */
public final class BatchScorer<T> {

    /** The scoring call: one service batch. */
    @FunctionalInterface
    public interface Scorer {
        ScoreBatch score(float[][] features) throws ScoringException;
    }

    /** Receives each item once, with its outputs. */
    @FunctionalInterface
    public interface Sink<T> {
        void accept(T item, ScoreBatch batch, int row) throws IOException;
    }

    private final Scorer scorer;
    private final Sink<T> sink;
    private final Object[] items;
    private final float[][] vectors;
    private int size;
    private int scoredInBatch;
    private long scored;
    private long total;
    private long scoringNanos;

    public BatchScorer(final int capacity, final Scorer scorer, final Sink<T> sink) {
        if (capacity < 1) {
            throw new IllegalArgumentException("Batch capacity must be positive");
        }
        this.scorer = scorer;
        this.sink = sink;
        this.items = new Object[capacity];
        this.vectors = new float[capacity][];
    }

    /** @param features the item's feature vector, or null to pass it through unscored */
    public void add(final T item, final float[] features) throws IOException, ScoringException {
        items[size] = item;
        vectors[size] = features;
        size++;
        if (features != null) {
            scoredInBatch++;
        }
        if (size == items.length) {
            flush();
        }
    }

    @SuppressWarnings("unchecked")
    public void flush() throws IOException, ScoringException {
        if (size == 0) {
            return;
        }
        ScoreBatch batch = null;
        if (scoredInBatch > 0) {
            final float[][] rows = new float[scoredInBatch][];
            int row = 0;
            for (int i = 0; i < size; i++) {
                if (vectors[i] != null) {
                    rows[row++] = vectors[i];
                }
            }
            final long started = System.nanoTime();
            batch = scorer.score(rows);
            scoringNanos += System.nanoTime() - started;
            if (batch.size() != rows.length) {
                throw new ScoringException("The model answered %d rows for %d inputs".formatted(batch.size(), rows.length), false);
            }
        }
        int row = 0;
        for (int i = 0; i < size; i++) {
            sink.accept((T) items[i], batch, vectors[i] == null ? -1 : row++);
        }
        scored += scoredInBatch;
        total += size;
        Arrays.fill(items, 0, size, null);
        Arrays.fill(vectors, 0, size, null);
        size = 0;
        scoredInBatch = 0;
    }

    public long scoredCount() {
        return scored;
    }

    public long totalCount() {
        return total;
    }

    public long scoringMillis() {
        return scoringNanos / 1_000_000;
    }
}
