package io.nifidataops.processors;

import io.nifidataops.SafeMessage;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The one error policy of the bundle: turns an exception into text fit for a FlowFile attribute, a bulletin, a provenance
 * detail and a log line above DEBUG. Only our own {@link SafeMessage} exceptions contribute their message; any other
 * throwable contributes its class name alone, because readers, parsers and clients quote the input they choke on
 * ({@code Cannot convert value [..]}, {@code Numeric value (..) out of range}, {@code For input string: ".."}) and that
 * input may be PHI. Masking such messages cannot be made safe; leaving them out can.
 */
public final class SafeErrorMessages {

    static final int MAX_LENGTH = 2000;
    private static final int MAX_DEPTH = 8;
    private static final String CAUSED_BY = "; caused by ";

    private SafeErrorMessages() {
    }

    /**
     * The exception chain, e.g. {@code record 3: value of field 'hr' cannot be represented as int; caused by
     * MalformedRecordException; caused by JsonParseException}, bounded in length.
     */
    public static String describe(final Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        final StringJoiner text = new StringJoiner(CAUSED_BY);
        final Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Throwable current = error;
        for (int depth = 0; current != null && depth < MAX_DEPTH && seen.add(current); depth++) {
            text.add(part(current));
            current = current.getCause();
        }
        final String described = text.toString();
        return described.length() <= MAX_LENGTH ? described : described.substring(0, MAX_LENGTH - 3) + "...";
    }

    /** The simple class name, also for anonymous and local classes (whose simple name is empty). */
    public static String typeName(final Throwable error) {
        final String simple = error.getClass().getSimpleName();
        if (!simple.isEmpty()) {
            return simple;
        }
        final String name = error.getClass().getName();
        return name.substring(name.lastIndexOf('.') + 1);
    }

    private static String part(final Throwable error) {
        final String message = error instanceof SafeMessage ? error.getMessage() : null;
        return message == null || message.isBlank() ? typeName(error) : message;
    }
}
