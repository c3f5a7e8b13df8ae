package io.nifidataops.fhir;

import io.nifidataops.SafeMessage;

/**
 * A ViewDefinition that compiled but failed on one resource (a column with several values that is not a collection,
 * a where clause that is not boolean, an expression the engine refused). The message names the view, the element and
 * the expression, never a value of the resource.
 */
public class ViewEvaluationException extends RuntimeException implements SafeMessage {

    public ViewEvaluationException(final String message) {
        super(message);
    }
}
