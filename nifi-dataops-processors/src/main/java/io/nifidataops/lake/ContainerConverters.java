package io.nifidataops.lake;

import org.apache.nifi.serialization.record.Record;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converters for array and map columns: each element or value goes through its own converter. */
final class ContainerConverters {

    private ContainerConverters() {
    }

    static ValueConverter toList(final String path, final String elementPath, final boolean elementsNullable, final ValueConverter element) {
        return value -> {
            final Collection<?> items = switch (value) {
                case Object[] array -> Arrays.asList(array);
                case Collection<?> collection -> collection;
                default -> throw RecordConversionException.notRepresentable(path, "an array");
            };
            final List<Object> converted = new ArrayList<>(items.size());
            for (final Object item : items) {
                converted.add(RecordConverter.convertNullable(item, elementsNullable, elementPath, element));
            }
            return converted;
        };
    }

    static ValueConverter toMap(final String path, final String valuePath, final boolean valuesNullable, final ValueConverter mapValue) {
        return value -> {
            final Map<?, ?> entries = switch (value) {
                case Map<?, ?> map -> map;
                case Record record -> record.toMap();
                default -> throw RecordConversionException.notRepresentable(path, "a map");
            };
            final Map<String, Object> converted = new LinkedHashMap<>(entries.size() * 2);
            for (final Map.Entry<?, ?> entry : entries.entrySet()) {
                converted.put(String.valueOf(entry.getKey()), RecordConverter.convertNullable(entry.getValue(), valuesNullable, valuePath, mapValue));
            }
            return converted;
        };
    }
}
