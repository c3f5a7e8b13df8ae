package io.nifidataops.processors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.nifidataops.lake.RecordConversionException;
import io.nifidataops.validation.InvalidSuiteException;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.record.util.IllegalTypeConversionException;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SafeErrorMessagesTest {

    private static final String PATIENT = "Smith";

    @Test
    void foreignExceptionsContributeTheirClassNameOnly() {
        final Throwable parse = parseError("{\"patient_name\": " + PATIENT + "}");
        final Throwable reader = new MalformedRecordException("Failed to parse record: " + PATIENT, parse);

        assertThat(SafeErrorMessages.describe(new IOException("Failed to parse incoming data: " + PATIENT, reader)))
                .isEqualTo("IOException; caused by MalformedRecordException; caused by JsonParseException at line 1, column 23");
    }

    @Test
    void valuesInBracketsParenthesesAndPlainTextNeverPass() {
        assertThat(SafeErrorMessages.describe(new IllegalTypeConversionException("Cannot convert value [" + PATIENT + "] of type class"
                + " java.lang.String to Integer for field age"))).isEqualTo("IllegalTypeConversionException");
        assertThat(SafeErrorMessages.describe(numberFormatError())).isEqualTo("NumberFormatException");
        assertThat(SafeErrorMessages.describe(new IllegalStateException("Numeric value (99999999999) out of range of int")))
                .isEqualTo("IllegalStateException");
    }

    @Test
    void ourOwnMessagesAreKeptWithTheirForeignCausesByType() {
        final RecordConversionException ours = RecordConversionException.notRepresentable("age", "int").atRecord(7);
        ours.initCause(new NumberFormatException("For input string: \"" + PATIENT + "\""));

        assertThat(SafeErrorMessages.describe(ours))
                .isEqualTo("record 7: value of field 'age' cannot be represented as int; caused by NumberFormatException");
        assertThat(SafeErrorMessages.describe(new RuntimeException(PATIENT, new InvalidSuiteException("Expectation suite is empty"))))
                .isEqualTo("RuntimeException; caused by Expectation suite is empty");
    }

    @Test
    void anonymousClassesCyclesAndLengthAreHandled() {
        final Exception anonymous = new Exception(PATIENT) {
        };
        final Exception first = new Exception(PATIENT);
        final Exception second = new Exception(PATIENT, first);
        first.initCause(second);

        assertThat(SafeErrorMessages.describe(anonymous)).isNotBlank().doesNotContain(PATIENT);
        assertThat(SafeErrorMessages.describe(second)).isEqualTo("Exception; caused by Exception");
        assertThat(SafeErrorMessages.describe(new InvalidSuiteException("x".repeat(5000)))).hasSize(SafeErrorMessages.MAX_LENGTH).endsWith(" ...");
        assertThat(SafeErrorMessages.describe(new NullPointerException())).isEqualTo("NullPointerException");
    }

    @Test
    void aLongChainLosesWholeCausesNeverHalfAPhrase() {
        final String phrase = "of the suite could not be compiled".repeat(12);
        Throwable chain = new NullPointerException();
        for (int i = 0; i < 7; i++) {
            chain = new InvalidSuiteException("step " + i + " " + phrase, chain);
        }
        // Each step is 418 characters: steps 6 to 3 fit in 2,000 with their separators, step 2 would not
        assertThat(SafeErrorMessages.describe(chain)).isEqualTo(Stream.of(6, 5, 4, 3).map(i -> "step " + i + " " + phrase)
                .collect(Collectors.joining("; caused by ")) + " ...");
    }

    @Test
    void contentFaultsAreTellingApartFromFaultsThatNeedAPerson() {
        assertThat(SafeErrorMessages.isContentFault(new IOException(PATIENT, new MalformedRecordException(PATIENT)))).isTrue();
        assertThat(SafeErrorMessages.isContentFault(new IllegalTypeConversionException(PATIENT))).isTrue();
        assertThat(SafeErrorMessages.isContentFault(numberFormatError())).as("a writer converting a value").isTrue();
        assertThat(SafeErrorMessages.isContentFault(new java.time.format.DateTimeParseException(PATIENT, PATIENT, 0))).isTrue();
        assertThat(SafeErrorMessages.isContentFault(RecordConversionException.notRepresentable("hr", "int"))).isTrue();
        assertThat(SafeErrorMessages.isContentFault(new InvalidSuiteException("Expectation suite is empty"))).isFalse();
        assertThat(SafeErrorMessages.isContentFault(new IOException("disk full"))).isFalse();
        assertThat(SafeErrorMessages.isContentFault(new NullPointerException())).isFalse();
    }

    @Test
    void aJsonParserKeepsItsPositionButNotItsMessage() throws Exception {
        final String json = "{\"patient\": \"" + PATIENT + "\",\n  \"hr\": 7x2}";
        final Exception parse = org.junit.jupiter.api.Assertions.assertThrows(com.fasterxml.jackson.core.JsonProcessingException.class,
                () -> new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
        final String described = SafeErrorMessages.describe(new IOException("Failed to parse " + PATIENT, parse));
        assertThat(described).isEqualTo("IOException; caused by JsonParseException at line 2, column 10").doesNotContain(PATIENT);
    }

    private static Throwable numberFormatError() {
        try {
            return new IllegalStateException(String.valueOf(Integer.parseInt(PATIENT)));
        } catch (final NumberFormatException e) {
            return e;
        }
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
