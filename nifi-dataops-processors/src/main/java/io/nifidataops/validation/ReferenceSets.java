package io.nifidataops.validation;

import java.util.Set;

/** Named reference sets (known patients, LOINC codes) that {@code expect_nifi_column_values_to_be_in_reference_set} looks values up in. */
public interface ReferenceSets {

    ReferenceSets NONE = new ReferenceSets() {
        @Override
        public ReferenceSet find(final String name) {
            return null;
        }

        @Override
        public Set<String> names() {
            return Set.of();
        }
    };

    /** The set of this name, or null when none is configured. */
    ReferenceSet find(String name);

    /** The configured names, for messages. */
    Set<String> names();

    /** One reference set. */
    @FunctionalInterface
    interface ReferenceSet {
        /**
         * @throws ReferenceLookupException when the set cannot be consulted (its service failed); the message must not
         *                                  hold the value
         */
        boolean contains(String value);
    }
}
