package io.nifidataops.processors;

import io.nifidataops.CauseChain;
import io.nifidataops.ContentFault;
import io.nifidataops.SafeMessage;
import org.apache.nifi.schema.access.SchemaNotFoundException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.record.util.IllegalTypeConversionException;

import java.time.DateTimeException;
import java.util.List;

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
    private static final String TRUNCATED = " ...";

    private SafeErrorMessages() {
    }

    /**
     * The exception chain, e.g. {@code record 3: value of field 'hr' cannot be represented as int; caused by
     * MalformedRecordException; caused by JsonParseException at line 3, column 17}, bounded in length: a cause that does not
     * fit is left out whole, never cut in the middle.
     */
    public static String describe(final Throwable error) {
        if (error == null) {
            return "unknown error";
        }
        final List<Throwable> chain = CauseChain.of(error);
        final String first = part(error);
        final StringBuilder text = new StringBuilder(first.length() <= MAX_LENGTH ? first
                : atWordBoundary(first, MAX_LENGTH - TRUNCATED.length()) + TRUNCATED);
        for (final Throwable cause : chain.subList(1, Math.min(chain.size(), MAX_DEPTH))) {
            final String part = part(cause);
            if (text.length() + CAUSED_BY.length() + part.length() + TRUNCATED.length() > MAX_LENGTH) {
                return text.append(TRUNCATED).toString();
            }
            text.append(CAUSED_BY).append(part);
        }
        return text.toString();
    }

    /**
     * Whether the exception chain says the content is at fault (unparseable, a value that does not fit), which the flow
     * routes by design and is logged at WARN, rather than something a person must fix, logged at ERROR.
     */
    public static boolean isContentFault(final Throwable error) {
        for (final Throwable current : CauseChain.of(error)) {
            // NumberFormatException and DateTimeException: a record writer converting a value of the content to its schema's type
            if (current instanceof ContentFault || current instanceof MalformedRecordException || current instanceof IllegalTypeConversionException
                    || current instanceof SchemaNotFoundException || current instanceof NumberFormatException || current instanceof DateTimeException
                    || isJacksonException(current)) {
                return true;
            }
        }
        return false;
    }

    // NiFi's JSON readers bring their own Jackson (another NAR's class loader): recognised by name
    private static boolean isJacksonException(final Throwable error) {
        for (Class<?> type = error.getClass(); type != null; type = type.getSuperclass()) {
            if (type.getName().equals("com.fasterxml.jackson.core.JacksonException")) {
                return true;
            }
        }
        return false;
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

    /**
     * Where a parser stopped, from its API rather than its message: Jackson's exceptions (NiFi's JSON readers) have
     * {@code getLocation()} with {@code getLineNr()} and {@code getColumnNr()}. Read reflectively because the reader's
     * Jackson lives in another NAR's class loader. Empty when the exception has no position.
     */
    static String position(final Throwable error) {
        try {
            final Object location = error.getClass().getMethod("getLocation").invoke(error);
            if (location == null) {
                return "";
            }
            final int line = ((Number) location.getClass().getMethod("getLineNr").invoke(location)).intValue();
            final int column = ((Number) location.getClass().getMethod("getColumnNr").invoke(location)).intValue();
            return line > 0 ? " at line %d, column %d".formatted(line, column) : "";
        } catch (final ReflectiveOperationException | ClassCastException | SecurityException e) {
            return "";
        }
    }

    private static String part(final Throwable error) {
        final String message = error instanceof SafeMessage ? error.getMessage() : null;
        return message == null || message.isBlank() ? typeName(error) + position(error) : message;
    }

    private static String atWordBoundary(final String text, final int maxLength) {
        final int space = text.lastIndexOf(' ', maxLength);
        return text.substring(0, space > maxLength / 2 ? space : maxLength);
    }
}
