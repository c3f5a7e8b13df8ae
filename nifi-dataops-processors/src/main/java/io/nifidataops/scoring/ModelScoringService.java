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
}
