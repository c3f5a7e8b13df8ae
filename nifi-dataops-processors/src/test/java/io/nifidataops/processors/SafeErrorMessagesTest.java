package io.nifidataops.processors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class SafeErrorMessagesTest {

    @Test
    void masksTheInputThatJacksonQuotes() {
        final Throwable error = parseError("{\"patient_name\": Smith}");

        final String message = SafeErrorMessages.describe(new IOException("Failed to parse incoming data", error));

        assertThat(message)
                .startsWith("IOException: Failed to parse incoming data; caused by JsonParseException: Unrecognized token <masked>")
                .doesNotContain("Smith")
                .doesNotContain("Source");
    }

    @Test
    void keepsMessagesWithoutQuotesAndBoundsLength() {
        assertThat(SafeErrorMessages.describe(new IllegalStateException("schema has 3 fields"))).isEqualTo("IllegalStateException: schema has 3 fields");
        assertThat(SafeErrorMessages.describe(new IllegalStateException("x".repeat(2000)))).hasSize(SafeErrorMessages.MAX_LENGTH).endsWith("...");
        assertThat(SafeErrorMessages.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }

    private static Throwable parseError(final String json) {
        try (JsonParser parser = new JsonFactory().createParser(json)) {
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
        } catch (final IOException e) {
            return e;
        }
        throw new AssertionError("expected a parse error");
    }
}
