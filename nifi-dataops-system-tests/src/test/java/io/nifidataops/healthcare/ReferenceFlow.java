package io.nifidataops.healthcare;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nifidataops.healthcare.FlowGroup.Bundle;
import io.nifidataops.healthcare.FlowGroup.Endpoint;

import java.io.IOException;
import java.util.Map;

/**
 * The flow benchmark's yardstick: NiFi's own processors in the shape of the healthcare flow's path for valid vitals.
 * ListenHTTP, then one ConvertRecord record copy (JSON to JSON) per record pass of the healthcare flow, then PutFile; the
 * delivery into the first copy is load-balanced round robin as the healthcare flow's entrance is. What the healthcare flow
 * costs beyond this is what our processors (validation, Parquet, S3, Glue, scoring) cost.
 */
public final class ReferenceFlow {

    /**
     * Record passes a valid vitals batch makes in the healthcare flow: Validate against suite, Write structured (Parquet),
     * Score deterioration risk, Write curated (Parquet). Land raw copies bytes and reads no records.
     */
    public static final int HEALTHCARE_RECORD_PASSES = 4;
    public static final String NAME = "Reference flow";

    private static final String READER_API = "org.apache.nifi.serialization.RecordReaderFactory";

    private ReferenceFlow() {
    }

    /** The flow definition: ListenHTTP on {@code listeningPort} (a number or ENVIRONMENT EL) at /vitals, files into {@code directory}. */
    public static String json(final String listeningPort, final String directory) throws IOException {
        final FlowGroup group = new FlowGroup(NAME, "ListenHTTP, " + HEALTHCARE_RECORD_PASSES + " ConvertRecord copies, PutFile", null);
        final String reader = group.service("JSON reader", "org.apache.nifi.json.JsonTreeReader", Bundle.RECORDS, READER_API,
                Bundle.SERVICES_API, Map.of());
        final String writer = group.service("JSON writer", "org.apache.nifi.json.JsonRecordSetWriter", Bundle.RECORDS,
                "org.apache.nifi.serialization.RecordSetWriterFactory", Bundle.SERVICES_API, Map.of());
        final Endpoint listen = group.processor("Receive vitals", "org.apache.nifi.processors.standard.ListenHTTP", Bundle.STANDARD,
                Map.of("Listening Port", listeningPort, "Base Path", "vitals", "Return Code", "200"), "0 sec");
        Endpoint previous = listen;
        for (int copy = 1; copy <= HEALTHCARE_RECORD_PASSES; copy++) {
            final Endpoint convert = group.processor("Copy records " + copy, "org.apache.nifi.processors.standard.ConvertRecord",
                    Bundle.STANDARD, Map.of("Record Reader", reader, "Record Writer", writer), "0 sec", "failure");
            group.connect(previous, convert, "success");
            if (previous == listen) {
                group.roundRobin(listen, convert);
            }
            previous = convert;
        }
        final Endpoint put = group.processor("Write files", "org.apache.nifi.processors.standard.PutFile", Bundle.STANDARD,
                Map.of("Directory", directory, "Conflict Resolution Strategy", "replace",
                        "Create Missing Directories", "true"), "0 sec", "success", "failure");
        group.connect(previous, put, "success");

        final ObjectNode definition = FlowGroup.MAPPER.createObjectNode();
        definition.set("flowContents", group.json());
        definition.putObject("externalControllerServices");
        definition.putObject("parameterContexts");
        definition.put("flowEncodingVersion", "1.0");
        definition.putObject("parameterProviders");
        definition.put("latest", false);
        return FlowGroup.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(definition);
    }
}
