package io.nifidataops.processors;

import org.apache.nifi.components.DescribedValue;

/** An enum constant offered as an allowable value: its name is the stored property value. */
interface NamedValue extends DescribedValue {

    String name();

    @Override
    default String getValue() {
        return name();
    }
}
