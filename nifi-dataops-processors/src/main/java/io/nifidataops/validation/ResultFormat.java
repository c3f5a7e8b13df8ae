package io.nifidataops.validation;

/** How much detail each expectation result carries, as in Great Expectations' {@code result_format}. */
public enum ResultFormat {
    BOOLEAN_ONLY,
    BASIC,
    SUMMARY,
    COMPLETE
}
