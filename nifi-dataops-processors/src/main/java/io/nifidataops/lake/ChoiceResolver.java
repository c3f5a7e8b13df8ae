package io.nifidataops.lake;

import org.apache.nifi.serialization.record.DataType;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.serialization.record.type.ChoiceDataType;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A Parquet column has one type, so a NiFi CHOICE field (what schema inference makes of a JSON field
 * that is sometimes 72 and sometimes 72.5 or "n/a") must become one. The rule, in order:
 * <ol>
 *   <li>one distinct possible type: that type;</li>
 *   <li>one type NiFi considers wider than all others ({@link RecordFieldType#isWiderThan}): that type,
 *       e.g. INT|LONG is LONG, FLOAT|DOUBLE is DOUBLE, anything|STRING is STRING;</li>
 *   <li>only BYTE, SHORT, INT, LONG, FLOAT and DOUBLE: DOUBLE;</li>
 *   <li>only scalar types: STRING (numbers in plain notation, temporals in ISO-8601);</li>
 *   <li>otherwise (a RECORD, ARRAY or MAP beside another type): an error naming the field.</li>
 * </ol>
 */
final class ChoiceResolver {

    private static final Set<RecordFieldType> FLOATABLE = EnumSet.of(RecordFieldType.BYTE, RecordFieldType.SHORT,
            RecordFieldType.INT, RecordFieldType.LONG, RecordFieldType.FLOAT, RecordFieldType.DOUBLE);
    private static final Set<RecordFieldType> COMPLEX = EnumSet.of(RecordFieldType.RECORD, RecordFieldType.ARRAY,
            RecordFieldType.MAP);

    private ChoiceResolver() {
    }

    static DataType resolve(final ChoiceDataType choice, final String path) {
        final List<DataType> options = new ArrayList<>(flatten(choice));
        if (options.size() == 1) {
            return options.getFirst();
        }
        for (final DataType candidate : options) {
            if (options.stream().allMatch(other -> other == candidate || candidate.getFieldType().isWiderThan(other.getFieldType()))) {
                return candidate;
            }
        }
        if (options.stream().allMatch(option -> FLOATABLE.contains(option.getFieldType()))) {
            return RecordFieldType.DOUBLE.getDataType();
        }
        if (options.stream().noneMatch(option -> COMPLEX.contains(option.getFieldType()))) {
            return RecordFieldType.STRING.getDataType();
        }
        throw new LakeSchemaException("field '" + path + "' is a CHOICE of " + options.stream().map(DataType::getFieldType).sorted().toList()
                + ", which cannot be one Parquet column: give the field one type in the reader's schema");
    }

    private static Set<DataType> flatten(final ChoiceDataType choice) {
        final Set<DataType> options = new LinkedHashSet<>();
        for (final DataType option : choice.getPossibleSubTypes()) {
            if (option instanceof ChoiceDataType nested) {
                options.addAll(flatten(nested));
            } else {
                options.add(option);
            }
        }
        return options;
    }
}
