package io.nifidataops.validation;

import java.time.Instant;
import java.util.Objects;

/**
 * What the nifi-dataops extension expectations ({@code expect_nifi_*}) need from outside the records: the validation
 * time (freshness), the reference sets values are looked up in, and the history of earlier runs' metrics. The
 * processor supplies NiFi-backed implementations; tests supply their own clock, sets and history.
 *
 * @param validationTime the time freshness is measured against
 * @param referenceSets  the reference sets by name
 * @param metricHistory  earlier values of each dataset metric
 */
public record RunEnvironment(Instant validationTime, ReferenceSets referenceSets, MetricHistory metricHistory) {

    public RunEnvironment {
        Objects.requireNonNull(validationTime, "validationTime");
        Objects.requireNonNull(referenceSets, "referenceSets");
        Objects.requireNonNull(metricHistory, "metricHistory");
    }

    /** The current time, no reference sets and no history. */
    public static RunEnvironment of(final Instant validationTime) {
        return new RunEnvironment(validationTime, ReferenceSets.NONE, MetricHistory.EMPTY);
    }
}
