package io.nifidataops.fhir;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.hl7.fhir.r4.model.Resource;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The resources of FHIR R4 JSON content, one at a time: Bulk Data NDJSON streams line by line (heap holds one line); a
 * Bundle document streams entry by entry (heap holds one entry) when it names its resourceType first, as FHIR's JSON
 * format writes it, and is otherwise read as one JSON tree. A Bundle of any type is unpacked; entries without a resource
 * (a delete in a transaction) are skipped, as there is nothing to read.
 */
public final class FhirResourceSource implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PEEK = 1 << 16;

    private final BufferedReader reader;
    private final FhirResourceParser parser;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final boolean ndjson;
    private long line;
    private JsonParser document;
    /** Streaming a Bundle document: until its end, inside its entry array, and how many entries were read. */
    private boolean streamingBundle;
    private boolean inEntries;
    private int entryIndex;
    private String position = "start of content";

    private record Pending(String json, String where) {
    }

    public FhirResourceSource(final InputStream in, final FhirInputFormat format, final FhirResourceParser parser) throws IOException {
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        this.parser = parser;
        this.ndjson = switch (format) {
            case NDJSON -> true;
            case BUNDLE -> false;
            case AUTO -> detectNdjson();
        };
    }

    /**
     * NDJSON when the content starts with a JSON object written on one line, else one document. Looks at most PEEK characters
     * ahead, so a long first line is never held whole: a first object longer than that without a line break is NDJSON (a
     * large resource on its line) unless it is a Bundle, which is then read as one minified document, entry by entry.
     */
    private boolean detectNdjson() throws IOException {
        final String start = peek();
        try (JsonParser whole = JSON.createParser(start); JsonParser first = JSON.createParser(start)) {
            if (whole.nextToken() != JsonToken.START_OBJECT) {
                return whole.currentToken() == null;
            }
            final int objectStart = (int) whole.currentTokenLocation().getCharOffset();
            try {
                whole.skipChildren();
                return start.substring(objectStart, (int) whole.currentLocation().getCharOffset()).indexOf('\n') < 0;
            } catch (final JsonProcessingException pastTheLookAhead) {
                if (start.indexOf('\n', objectStart) >= 0) {
                    return false;
                }
                first.nextToken();
                return !(first.nextToken() == JsonToken.FIELD_NAME && "resourceType".equals(first.currentName())
                        && first.nextToken() == JsonToken.VALUE_STRING && "Bundle".equals(first.getText()));
            }
        } catch (final JsonProcessingException notJson) {
            // not JSON from its start: read as a document, whose parse says where
            return false;
        }
    }

    private String peek() throws IOException {
        reader.mark(PEEK);
        final char[] ahead = new char[PEEK];
        int length = 0;
        int read;
        while (length < PEEK && (read = reader.read(ahead, length, PEEK - length)) >= 0) {
            length += read;
        }
        reader.reset();
        return new String(ahead, 0, length);
    }

    /** Where the last resource came from ("line 12", "Bundle entry 3"), for messages. */
    public String position() {
        return position;
    }

    /** The next resource, or null at the end. */
    public Resource next() throws IOException, FhirContentException {
        while (pending.isEmpty()) {
            if (!fill()) {
                return null;
            }
        }
        final Pending next = pending.poll();
        position = next.where();
        return parser.parse(next.json(), next.where());
    }

    private boolean fill() throws IOException, FhirContentException {
        if (ndjson) {
            String text;
            do {
                text = reader.readLine();
                line++;
            } while (text != null && text.isBlank());
            if (text == null) {
                return false;
            }
            final String where = "line " + line;
            if (text.contains("\"Bundle\"")) {
                final JsonNode node = tree(text, where);
                if ("Bundle".equals(node.path("resourceType").asText())) {
                    unpack(node, where + ", Bundle entry ");
                    return true;
                }
            }
            pending.add(new Pending(text, where));
            return true;
        }
        try {
            if (document == null) {
                document = JSON.createParser(reader);
                return startDocument();
            }
            return streamingBundle && nextBundleEntry();
        } catch (final JsonProcessingException e) {
            throw new FhirContentException("the document is not JSON (" + parseFailure(e, true) + ")");
        }
    }

    // A Bundle whose first field is its resourceType streams; anything else is read whole, as it must be to know what it is
    private boolean startDocument() throws IOException, FhirContentException {
        if (document.nextToken() == null) {
            return false;
        }
        if (document.currentToken() != JsonToken.START_OBJECT) {
            final JsonNode value = document.readValueAsTree();
            endOfDocument();
            pending.add(new Pending(JSON.writeValueAsString(value), "the document"));
            return true;
        }
        final ObjectNode whole = JSON.createObjectNode();
        while (document.nextToken() == JsonToken.FIELD_NAME) {
            final String name = document.currentName();
            document.nextToken();
            final JsonNode value = document.readValueAsTree();
            if (whole.isEmpty() && "resourceType".equals(name) && value.isTextual() && "Bundle".equals(value.asText())) {
                streamingBundle = true;
                return nextBundleEntry();
            }
            whole.set(name, value);
        }
        endOfDocument();
        if ("Bundle".equals(whole.path("resourceType").asText())) {
            unpack(whole, "Bundle entry ");
        } else {
            pending.add(new Pending(JSON.writeValueAsString(whole), "the document"));
        }
        return true;
    }

    // Content after the document would be lost without a word (NDJSON read as a Bundle does that): refuse it
    private void endOfDocument() throws IOException, FhirContentException {
        if (document.nextToken() != null) {
            throw new FhirContentException("the document continues after its end, at line " + document.currentTokenLocation().getLineNr()
                    + ": send one Bundle or resource per FlowFile, or choose Bulk Data NDJSON");
        }
    }

    // Reads the streamed Bundle up to its next entry with a resource; the other fields of the Bundle are skipped
    private boolean nextBundleEntry() throws IOException, FhirContentException {
        while (true) {
            final JsonToken token = document.nextToken();
            if (inEntries) {
                if (token == JsonToken.END_ARRAY || token == null) {
                    inEntries = false;
                    continue;
                }
                entryIndex++;
                final JsonNode entry = document.readValueAsTree();
                final JsonNode resource = entry.get("resource");
                if (resource != null && resource.isObject()) {
                    pending.add(new Pending(JSON.writeValueAsString(resource), "Bundle entry " + entryIndex));
                    return true;
                }
                continue;
            }
            if (token != JsonToken.FIELD_NAME) {
                streamingBundle = false;
                endOfDocument();
                return false;
            }
            final String name = document.currentName();
            if (document.nextToken() == JsonToken.START_ARRAY && "entry".equals(name)) {
                inEntries = true;
            } else {
                document.skipChildren();
            }
        }
    }

    private void unpack(final JsonNode bundle, final String prefix) throws IOException {
        final JsonNode entries = bundle.path("entry");
        int index = 0;
        for (final JsonNode entry : entries) {
            index++;
            final JsonNode resource = entry.get("resource");
            if (resource != null && resource.isObject()) {
                pending.add(new Pending(JSON.writeValueAsString(resource), prefix + index));
            }
        }
    }

    private static JsonNode tree(final String text, final String where) throws FhirContentException {
        try {
            return JSON.readTree(text);
        } catch (final JsonProcessingException e) {
            throw new FhirContentException(where + " is not JSON (" + parseFailure(e, false) + ")");
        }
    }

    // The parser's type and position, never its message (which quotes the content); a limit exceeded (Jackson's
    // StreamReadConstraints, e.g. a string over 20 million characters) may come without a position
    private static String parseFailure(final JsonProcessingException e, final boolean line) {
        final String type = e instanceof StreamConstraintsException ? "StreamConstraintsException" : "JsonProcessingException";
        if (e.getLocation() == null) {
            return type;
        }
        return type + (line ? " at line " + e.getLocation().getLineNr() : " at column " + e.getLocation().getColumnNr());
    }

    @Override
    public void close() throws IOException {
        if (document != null) {
            document.close();
        }
        reader.close();
    }
}
