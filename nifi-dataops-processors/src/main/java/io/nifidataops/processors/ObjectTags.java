package io.nifidataops.processors;

import io.nifidataops.lake.LakeConfigurationException;
import io.nifidataops.lake.S3WriteOptions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * PutLakeParquet's Object Tags value: {@code key=value} entries separated by commas or line breaks, e.g.
 * {@code classification=phi, dataset=${lake.dataset}}. The list is split before Expression Language is evaluated (a comma
 * inside {@code ${...}} does not split), then each entry is evaluated on its own and split at its first {@code =}; so an
 * attribute value never adds or splits entries. Keys and values are trimmed.
 */
final class ObjectTags {

    private ObjectTags() {
    }

    /** The entries of a configured value, before Expression Language; empty entries (a trailing comma, blank lines) are dropped. */
    static List<String> entries(final String configured) {
        final List<String> entries = new ArrayList<>();
        if (configured == null) {
            return entries;
        }
        int depth = 0;
        final StringBuilder entry = new StringBuilder();
        for (int i = 0; i < configured.length(); i++) {
            final char c = configured.charAt(i);
            if (c == '$' && i + 1 < configured.length() && configured.charAt(i + 1) == '{') {
                depth++;
                entry.append("${");
                i++;
                continue;
            }
            if (c == '}' && depth > 0) {
                depth--;
            } else if (depth == 0 && (c == ',' || c == '\n' || c == '\r')) {
                add(entries, entry);
                continue;
            }
            entry.append(c);
        }
        add(entries, entry);
        return entries;
    }

    /** @return why the configured value is not a valid tag list, or null when it is; checks what can be known before any FlowFile */
    static String invalidReason(final String configured) {
        final List<String> entries = entries(configured);
        if (entries.size() > S3WriteOptions.MAX_TAGS) {
            return "S3 allows " + S3WriteOptions.MAX_TAGS + " tags per object; " + entries.size() + " are listed";
        }
        final Set<String> keys = new HashSet<>();
        for (final String entry : entries) {
            final int equals = entry.indexOf('=');
            if (equals <= 0 || entry.substring(0, equals).isBlank()) {
                return "each tag is key=value; entry " + (entries.indexOf(entry) + 1) + " has no key";
            }
            final String key = entry.substring(0, equals).strip();
            if (!key.contains("${") && !keys.add(key)) {
                return "tag key '" + key + "' is listed twice";
            }
        }
        return null;
    }

    /**
     * @param evaluate evaluates one entry's Expression Language against the FlowFile
     * @return the tags in listed order
     * @throws LakeConfigurationException when an evaluated entry has no key or repeats one
     */
    static Map<String, String> evaluate(final List<String> entries, final UnaryOperator<String> evaluate) {
        final Map<String, String> tags = new LinkedHashMap<>();
        int position = 0;
        for (final String entry : entries) {
            position++;
            final String evaluated = evaluate.apply(entry);
            final int equals = evaluated == null ? -1 : evaluated.indexOf('=');
            final String key = equals < 0 ? "" : evaluated.substring(0, equals).strip();
            if (key.isEmpty()) {
                throw new LakeConfigurationException("Object Tags entry " + position + " has no key for this FlowFile");
            }
            if (tags.put(key, evaluated.substring(equals + 1).strip()) != null) {
                throw new LakeConfigurationException("Object Tags entry " + position + " repeats a tag key for this FlowFile");
            }
        }
        return tags;
    }

    /** The Object Tags value that holds these tags (key to value, value possibly Expression Language), one per line. */
    static String format(final Map<String, String> tags) {
        final StringBuilder value = new StringBuilder();
        tags.forEach((key, tagValue) -> value.append(value.isEmpty() ? "" : "\n").append(key).append('=').append(tagValue == null ? "" : tagValue));
        return value.toString();
    }

    private static void add(final List<String> entries, final StringBuilder entry) {
        if (!entry.toString().isBlank()) {
            entries.add(entry.toString().strip());
        }
        entry.setLength(0);
    }
}
