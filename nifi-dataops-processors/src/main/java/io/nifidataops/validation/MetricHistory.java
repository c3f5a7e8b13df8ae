package io.nifidataops.validation;

import java.util.List;

/** Earlier values of dataset metrics (row count, null rate, mean), oldest first, by metric key. */
@FunctionalInterface
public interface MetricHistory {

    MetricHistory EMPTY = key -> List.of();

    /** The earlier values of this metric, oldest first; empty when there are none. */
    List<Double> values(String key);
}
