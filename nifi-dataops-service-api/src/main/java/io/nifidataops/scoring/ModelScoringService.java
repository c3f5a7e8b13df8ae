package io.nifidataops.scoring;

import org.apache.nifi.controller.ControllerService;

import java.util.Optional;

/** Scores feature vectors with a machine-learning model, in process or on a model server. */
public interface ModelScoringService extends ControllerService {

    /** The model being served; may change when an in-process model file is replaced. */
    ModelInfo getModelInfo();

    /**
     * Scores a batch: one row per record, features in {@link ModelInfo#featureNames()} order.
     * The answer has exactly one result per row, in order. Thread-safe.
     */
    ScoreBatch score(float[][] features) throws ScoringException;

    /** The endpoint the features are sent to (provenance SEND), or empty when scoring stays in this JVM. */
    Optional<String> getTransitUri();

    /**
     * Leases the model now served for one unit of work, so that all its batches are scored by one model version and the
     * attributes that name the model tell the truth. Each request that sends features out of this JVM is reported to the
     * listener, failed ones included, so the caller can record it in provenance.
     * <p>
     * The default suits a service whose model never changes while it is enabled: it scores through {@link #score} and
     * reports one call per batch to {@link #getTransitUri()}, if any. Services that reload models must override it.
     *
     * @throws ScoringException when no model can be leased now (retryable: the service is not ready; else it cannot serve)
     */
    default ScoringModel acquire(final RemoteCall.Listener listener) throws ScoringException {
        final ModelInfo info = getModelInfo();
        final String transitUri = getTransitUri().orElse(null);
        return new ScoringModel() {
            @Override
            public ModelInfo info() {
                return info;
            }

            @Override
            public ScoreBatch score(final float[][] features) throws ScoringException {
                final long started = System.nanoTime();
                boolean succeeded = false;
                try {
                    final ScoreBatch batch = ModelScoringService.this.score(features);
                    succeeded = true;
                    return batch;
                } finally {
                    if (transitUri != null) {
                        listener.completed(new RemoteCall(transitUri, features.length, (System.nanoTime() - started) / 1_000_000, succeeded));
                    }
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
