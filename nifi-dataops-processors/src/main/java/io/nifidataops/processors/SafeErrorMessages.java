package io.nifidataops.processors;

import java.util.regex.Pattern;

/**
 * Turns an exception into a message fit for a FlowFile attribute, a bulletin and a log line.
 * Parser messages quote the offending input ("Unrecognized token 'Smith'"), which may be PHI;
 * quoted fragments and parser source excerpts are masked, the rest of the explanation is kept.
 */
public final class SafeErrorMessages {

    static final int MAX_LENGTH = 400;
    private static final Pattern QUOTED = Pattern.compile("'[^']*'|\"[^\"]*\"|`[^`]*`");
    private static final Pattern SOURCE_EXCERPT = Pattern.compile("\\s*(at )?\\[Source:.*", Pattern.DOTALL);

    private SafeErrorMessages() {
    }

    /** The exception chain as "Type: message; caused by Type: message", masked and bounded in length. */
    public static String describe(final Throwable error) {
        final StringBuilder text = new StringBuilder();
        Throwable current = error;
        int depth = 0;
        while (current != null && depth < 4) {
            final String message = mask(current.getMessage());
            if (depth > 0) {
                text.append("; caused by ");
            }
            text.append(current.getClass().getSimpleName());
            if (!message.isEmpty()) {
                text.append(": ").append(message);
            }
            if (current.getCause() == current) {
                break;
            }
            current = current.getCause();
            depth++;
        }
        return text.length() <= MAX_LENGTH ? text.toString() : text.substring(0, MAX_LENGTH - 3) + "...";
    }

    static String mask(final String message) {
        if (message == null) {
            return "";
        }
        final String withoutSource = SOURCE_EXCERPT.matcher(message).replaceAll("");
        return QUOTED.matcher(withoutSource).replaceAll("<masked>").strip();
    }
}
