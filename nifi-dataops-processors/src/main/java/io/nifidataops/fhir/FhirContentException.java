package io.nifidataops.fhir;

import io.nifidataops.SafeMessage;

/**
 * Content that is not FHIR R4 JSON as the reader expects it: not JSON, not a resource, a resource HAPI cannot parse.
 * The message says where (line of the NDJSON, entry of the Bundle) and what kind of problem, never the content.
 */
public class FhirContentException extends Exception implements SafeMessage {

    public FhirContentException(final String message) {
        super(message);
    }
}
