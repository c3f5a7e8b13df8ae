package io.nifidataops.fhir;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hl7.fhir.r4.model.Resource;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The resources of FHIR R4 JSON content, one at a time: Bulk Data NDJSON streams line by line (heap holds one line);
 * a Bundle is read as one JSON tree and hands out its entries' resources in order (heap grows with the Bundle, as
 * integration engines post Bundles of one encounter's worth). A Bundle of any type is unpacked; entries without a
 * resource (a delete in a transaction) are skipped, as there is nothing to read.
 */
public final class FhirResourceSource implements Closeable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedReader reader;
    private final FhirResourceParser parser;
    private final Deque<Pending> pending = new ArrayDeque<>();
    private final boolean ndjson;
    private long line;
    private boolean documentRead;
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

    // A first non-blank line that is a whole JSON object: NDJSON. Reading ahead is bounded by one line.
    private boolean detectNdjson() throws IOException {
        reader.mark(1 << 24);
        try {
            String first;
            do {
                first = reader.readLine();
            } while (first != null && first.isBlank());
            if (first == null) {
                return true;
            }
            try {
                final JsonNode node = JSON.readTree(first);
                return node != null && node.isObject();
            } catch (final JsonProcessingException e) {
                return false;
            }
        } catch (final IOException e) {
            // a first line longer than the mark: a pretty-printed document would not have one
            return true;
        } finally {
            try {
                reader.reset();
            } catch (final IOException e) {
                throw new IOException("cannot re-read the start of the content after detecting its format", e);
            }
        }
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
        if (documentRead) {
            return false;
        }
        documentRead = true;
        final JsonNode document = tree(reader, "the document");
        if (document == null || document.isMissingNode()) {
            return false;
        }
        if ("Bundle".equals(document.path("resourceType").asText())) {
            unpack(document, "Bundle entry ");
        } else {
            pending.add(new Pending(JSON.writeValueAsString(document), "the document"));
        }
        return true;
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
            throw new FhirContentException(where + " is not JSON (JsonProcessingException at column "
                    + e.getLocation().getColumnNr() + ")");
        }
    }

    private static JsonNode tree(final Reader text, final String where) throws IOException, FhirContentException {
        try {
            return JSON.readTree(text);
        } catch (final JsonProcessingException e) {
            throw new FhirContentException(where + " is not JSON (JsonProcessingException at line "
                    + e.getLocation().getLineNr() + ")");
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
