package io.nifidataops.scoring;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;

/** One model-serving protocol: where to send a batch, how to write it, how to read the answer. Framework-free. */
public interface RemoteProtocol {

    URI inferenceUri();

    /** Answers 200 when the model can take requests. */
    URI readinessUri();

    byte[] request(float[][] rows) throws IOException;

    /** The answer as one result per row, or a non-retryable {@link ScoringException} when it has the wrong shape. */
    ScoreBatch response(JsonNode answer, int rows) throws ScoringException;
}
