package io.nifidataops.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

import java.util.EnumMap;
import java.util.Map;

/**
 * Parses one FHIR R4 resource from JSON with HAPI's parser, tolerating what real exports contain (unknown elements
 * from newer versions or local extensions, a value that is not valid for its type, which becomes absent) and
 * counting each kind of issue instead of logging it: HAPI's own LenientErrorHandler logs the offending value at WARN
 * (hapi-fhir-base ca.uhn.fhir.parser.LenientErrorHandler.invalidValue), and a value may be PHI. JSON that is not a
 * resource at all fails with a {@link FhirContentException} in our words. Not thread-safe (HAPI's parser is not).
 */
public final class FhirResourceParser {

    /** Kinds of issue HAPI reports while parsing; counted per reader. */
    public enum Issue { UNKNOWN_ELEMENT, INVALID_VALUE, WRONG_JSON_TYPE, MISSING_REQUIRED, REPEATED_SINGLE, OTHER }

    private final Map<Issue, Long> issues = new EnumMap<>(Issue.class);
    private final IParser parser;

    public FhirResourceParser() {
        this.parser = FhirR4.context().newJsonParser();
        this.parser.setParserErrorHandler(new Counting());
    }

    /**
     * @param json one resource
     * @param where where it came from, for messages ("line 3", "Bundle entry 2")
     */
    public Resource parse(final String json, final String where) throws FhirContentException {
        final IBaseResource parsed;
        try {
            parsed = parser.parseResource(json);
        } catch (final DataFormatException e) {
            throw new FhirContentException(where + " is not a FHIR R4 resource HAPI can parse (DataFormatException;"
                    + " e.g. no or unknown resourceType, malformed JSON)");
        } catch (final RuntimeException e) {
            throw new FhirContentException(where + " is not a FHIR R4 resource HAPI can parse (" + e.getClass().getSimpleName() + ")");
        }
        if (!(parsed instanceof Resource resource)) {
            throw new FhirContentException(where + " is not a FHIR R4 resource");
        }
        return resource;
    }

    /** Issues met so far, by kind (no values). */
    public Map<Issue, Long> issues() {
        return Map.copyOf(issues);
    }

    private void count(final Issue issue) {
        issues.merge(issue, 1L, Long::sum);
    }

    private final class Counting implements IParserErrorHandler {
        @Override
        public void containedResourceWithNoId(final IParseLocation location) {
            count(Issue.OTHER);
        }

        @Override
        public void incorrectJsonType(final IParseLocation location, final String elementName,
                                      final BaseJsonLikeValue.ValueType expectedValueType,
                                      final BaseJsonLikeValue.ScalarType expectedScalarType,
                                      final BaseJsonLikeValue.ValueType foundValueType,
                                      final BaseJsonLikeValue.ScalarType foundScalarType) {
            count(Issue.WRONG_JSON_TYPE);
        }

        @Override
        public void invalidValue(final IParseLocation location, final String value, final String error) {
            count(Issue.INVALID_VALUE);
        }

        @Override
        public void missingRequiredElement(final IParseLocation location, final String elementName) {
            count(Issue.MISSING_REQUIRED);
        }

        @Override
        public void unexpectedRepeatingElement(final IParseLocation location, final String elementName) {
            count(Issue.REPEATED_SINGLE);
        }

        @Override
        public void unknownAttribute(final IParseLocation location, final String attributeName) {
            count(Issue.UNKNOWN_ELEMENT);
        }

        @Override
        public void unknownElement(final IParseLocation location, final String elementName) {
            count(Issue.UNKNOWN_ELEMENT);
        }

        @Override
        public void unknownReference(final IParseLocation location, final String reference) {
            count(Issue.OTHER);
        }

        @Override
        public void invalidInternalReference(final IParseLocation location, final String reference) {
            count(Issue.OTHER);
        }

        @Override
        public void extensionContainsValueAndNestedExtensions(final IParseLocation location) {
            count(Issue.OTHER);
        }
    }
}
