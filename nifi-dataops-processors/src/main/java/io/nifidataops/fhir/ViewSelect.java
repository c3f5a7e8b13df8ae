package io.nifidataops.fhir;

import java.util.List;

/**
 * A selection structure of a view ({@code select}, or the view itself): its columns, nested selects, unionAll branches
 * and at most one iteration ({@code forEach}, {@code forEachOrNull} or {@code repeat}).
 */
record ViewSelect(List<ViewColumn> columns, List<ViewSelect> selects, List<ViewSelect> unionAll, Iteration iteration,
                  List<ViewExpression> iterate) {

    enum Iteration { NONE, FOR_EACH, FOR_EACH_OR_NULL, REPEAT }
}
