package io.nifidataops.lake;

import io.nifidataops.SafeMessage;

/**
 * Settings or lake attributes that do not name a valid table location (no bucket, a zone, source or dataset that is not
 * one path segment). The message names the setting or attribute, never its value.
 */
public class LakeConfigurationException extends IllegalArgumentException implements SafeMessage {

    public LakeConfigurationException(final String message) {
        super(message);
    }
}
