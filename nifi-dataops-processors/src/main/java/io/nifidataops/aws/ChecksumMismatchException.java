package io.nifidataops.aws;

import io.nifidataops.SafeMessage;

import java.io.IOException;

/**
 * The checksum the server reports for stored bytes differs from the one computed locally: the bytes were
 * corrupted in transit, so sending them again is the remedy.
 */
public class ChecksumMismatchException extends IOException implements SafeMessage {

    public ChecksumMismatchException(final String message) {
        super(message);
    }
}
