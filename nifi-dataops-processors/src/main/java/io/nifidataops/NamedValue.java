package io.nifidataops;

import org.apache.nifi.components.DescribedValue;

/** An enum constant offered as an allowable value: its name is the stored property value. */
public interface NamedValue extends DescribedValue {

    String name();

    @Override
    default String getValue() {
        return name();
    }
}
