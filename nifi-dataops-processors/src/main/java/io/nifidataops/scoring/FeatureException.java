package io.nifidataops.scoring;

import io.nifidataops.ContentFault;
import io.nifidataops.SafeMessage;

/** A record's feature cannot be used; the message names the feature and the problem, never the value. */
public class FeatureException extends Exception implements SafeMessage, ContentFault {

    public FeatureException(final String message) {
        super(message);
    }
}
