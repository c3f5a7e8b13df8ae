package io.nifidataops.validation;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The supported expectation types and how each is compiled. */
final class ExpectationCatalog {

    private static final Map<String, ExpectationFactory> FACTORIES;

    static {
        final Map<String, ExpectationFactory> factories = new TreeMap<>();
        ColumnMapExpectations.register(factories);
        PatternExpectations.register(factories);
        MulticolumnExpectations.register(factories);
        ColumnAggregateExpectations.register(factories);
        DistributionExpectations.register(factories);
        TableExpectations.register(factories);
        NifiExtensions.register(factories);
        FACTORIES = Collections.unmodifiableMap(factories);
    }

    private ExpectationCatalog() {
    }

    static Set<String> types() {
        return FACTORIES.keySet();
    }

    /** @param number the expectation's 1-based position in the suite, for messages */
    static Expectation compile(final ExpectationConfiguration config, final int number) {
        final ExpectationFactory factory = FACTORIES.get(config.type());
        if (factory == null) {
            throw new InvalidSuiteException("Expectation #" + number + ": unsupported expectation type '" + config.type()
                    + "'. Supported types: " + String.join(", ", FACTORIES.keySet()));
        }
        final Kwargs kwargs = new Kwargs(config, number);
        final Expectation expectation = factory.create(kwargs);
        kwargs.rejectUnknown();
        return expectation;
    }
}
