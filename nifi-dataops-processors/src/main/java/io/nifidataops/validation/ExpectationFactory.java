package io.nifidataops.validation;

/** Compiles one expectation type from its kwargs, throwing {@link InvalidSuiteException} on bad kwargs. */
@FunctionalInterface
interface ExpectationFactory {

    Expectation create(Kwargs kwargs);
}
