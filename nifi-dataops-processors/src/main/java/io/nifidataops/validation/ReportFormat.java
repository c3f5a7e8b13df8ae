package io.nifidataops.validation;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The effective detail of one expectation's result in one run: the run's options, overridden by the
 * expectation's own {@code result_format} kwarg as in GE. Record values appear only when the run allows them;
 * a suite can remove them ({@code exclude_unexpected_values}) but never add them.
 */
record ReportFormat(ResultFormat format, int partialCount, boolean withValues) {

    boolean includes(final ResultFormat level) {
        return format.compareTo(level) >= 0;
    }

    static ReportFormat of(final ValidationOptions options, final Override override) {
        if (override == null) {
            return new ReportFormat(options.resultFormat(), options.partialUnexpectedCount(),
                    options.includeUnexpectedValues());
        }
        return new ReportFormat(override.format() == null ? options.resultFormat() : override.format(),
                override.partialCount() == null ? options.partialUnexpectedCount() : override.partialCount(),
                options.includeUnexpectedValues() && !override.excludeValues());
    }

    /**
     * The {@code result_format} kwarg: a level name, or GE's dictionary form. Of the dictionary's keys,
     * {@code include_unexpected_rows}, {@code unexpected_index_column_names} and
     * {@code return_unexpected_index_query} are accepted and ignored (whole rows are never reported; indexes are
     * record positions within the FlowFile).
     */
    record Override(ResultFormat format, Integer partialCount, boolean excludeValues) {

        private static final Set<String> IGNORED_KEYS = Set.of("include_unexpected_rows",
                "unexpected_index_column_names", "return_unexpected_index_query");

        static Override from(final Kwargs kwargs) {
            final Object value = kwargs.raw("result_format");
            if (value == null) {
                return null;
            }
            if (value instanceof String name) {
                return new Override(level(kwargs, name), null, false);
            }
            if (!(value instanceof Map<?, ?> map)) {
                throw kwargs.wrongType("result_format", "a level name or an object", value);
            }
            for (final Object key : map.keySet()) {
                if (!Set.of("result_format", "partial_unexpected_count", "exclude_unexpected_values").contains(key)
                        && !IGNORED_KEYS.contains(key)) {
                    throw kwargs.error("result_format has an unknown key '" + key + "'");
                }
            }
            final Object level = map.get("result_format");
            if (level != null && !(level instanceof String)) {
                throw kwargs.wrongType("result_format.result_format", "a level name", level);
            }
            return new Override(level == null ? null : level(kwargs, (String) level), partialCount(kwargs, map),
                    Boolean.TRUE.equals(map.get("exclude_unexpected_values")));
        }

        private static Integer partialCount(final Kwargs kwargs, final Map<?, ?> map) {
            final Object count = map.get("partial_unexpected_count");
            if (count == null) {
                return null;
            }
            if (count instanceof Integer n && n >= 0) {
                return n;
            }
            throw kwargs.wrongType("result_format.partial_unexpected_count", "a non-negative integer", count);
        }

        private static ResultFormat level(final Kwargs kwargs, final String name) {
            try {
                return ResultFormat.valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (final IllegalArgumentException e) {
                throw kwargs.error("result_format '" + name + "' is not one of BOOLEAN_ONLY, BASIC, SUMMARY, COMPLETE");
            }
        }
    }
}
