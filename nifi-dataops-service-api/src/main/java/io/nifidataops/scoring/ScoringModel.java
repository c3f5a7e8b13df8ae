package io.nifidataops.scoring;

/**
 * One loaded model, leased from a {@link ModelScoringService} for a unit of work (one FlowFile): every batch scored through
 * the lease uses the model named by {@link #info()}, even when the service loads a new model meanwhile. Close it when the
 * work is done, so the service can release a model it has replaced. Not shared between threads.
 */
public interface ScoringModel extends AutoCloseable {

    /** The leased model: name, version, content hash, features and outputs. */
    ModelInfo info();

    /**
     * Scores a batch: one row per record, features in {@link ModelInfo#featureNames()} order. The answer has exactly one
     * result per row, in order.
     */
    ScoreBatch score(float[][] features) throws ScoringException;

    /** Ends the lease; never throws. */
    @Override
    void close();
}
