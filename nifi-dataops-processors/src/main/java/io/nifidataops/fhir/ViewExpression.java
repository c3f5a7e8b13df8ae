package io.nifidataops.fhir;

import org.hl7.fhir.r4.fhirpath.ExpressionNode;

/**
 * A compiled FHIRPath of a view with where it sits ({@code select[0].column[1]}), so every error can name both.
 *
 * @param element the element of the ViewDefinition holding the expression
 * @param text the expression as the view's author wrote it
 * @param node HAPI's parsed expression
 */
record ViewExpression(String element, String text, ExpressionNode node) {

    String describe() {
        return element + " '" + text + "'";
    }
}
