package io.nifidataops.processors;

import io.nifidataops.records.SingleValuePath;
import org.apache.nifi.components.ValidationContext;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.components.Validator;

/**
 * Checks the RecordPaths in a comma-separated list of field names, RecordPaths and {@code name=RecordPath} entries, so
 * that a path that does not compile is a validation error on the processor rather than a failure of every FlowFile.
 * A value with Expression Language is checked per FlowFile instead.
 */
final class RecordPathListValidator implements Validator {

    static final Validator INSTANCE = new RecordPathListValidator();

    @Override
    public ValidationResult validate(final String subject, final String input, final ValidationContext context) {
        final ValidationResult.Builder result = new ValidationResult.Builder().subject(subject).input(input).valid(true);
        if (input == null || context.isExpressionLanguageSupported(subject) && context.isExpressionLanguagePresent(input)) {
            return result.explanation("checked per FlowFile").build();
        }
        for (final String entry : input.split(",")) {
            final String path = entry.substring(entry.indexOf('=') + 1).strip();
            if (SingleValuePath.isRecordPath(path)) {
                try {
                    SingleValuePath.compile(path);
                } catch (final IllegalArgumentException e) {
                    return result.valid(false).explanation(e.getMessage()).build();
                }
            }
        }
        return result.build();
    }
}
