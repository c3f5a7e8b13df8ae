package io.nifidataops.validation;

/**
 * Suite-level counts as in GE's validation result. {@code successPercent} is NaN when no expectation was evaluated
 * (GE reports None; the report writer writes null).
 */
public record Statistics(int evaluatedExpectations, int successfulExpectations, int unsuccessfulExpectations,
                         double successPercent) {

    static Statistics of(final int evaluated, final int successful) {
        final double percent = evaluated == 0 ? Double.NaN : successful * 100.0 / evaluated;
        return new Statistics(evaluated, successful, evaluated - successful, percent);
    }
}
