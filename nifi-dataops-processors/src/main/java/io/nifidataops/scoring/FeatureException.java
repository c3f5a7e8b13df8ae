package io.nifidataops.scoring;

/** A record's feature cannot be used; the message names the feature and the problem, never the value. */
public class FeatureException extends Exception {

    public FeatureException(final String message) {
        super(message);
    }
}
