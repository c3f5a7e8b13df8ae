package io.nifidataops.fhir;

import io.nifidataops.SafeMessage;

/**
 * A ViewDefinition that cannot run: malformed JSON structure, an expression that does not compile, inconsistent
 * columns. The message names the view and the element or expression, in our own words; expressions come from the
 * view's author, never from the data, so quoting them is safe.
 */
public class ViewDefinitionException extends RuntimeException implements SafeMessage {

    public ViewDefinitionException(final String message) {
        super(message);
    }
}
