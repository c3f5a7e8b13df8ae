package io.nifidataops.healthcare;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nifidataops.healthcare.FlowGroup.Bundle;
import io.nifidataops.healthcare.FlowGroup.Endpoint;

import java.io.IOException;
import java.util.Map;

/**
 * Flows for the Parquet record services in NiFi's own record processors: JSON to Parquet files with ConvertRecord
 * (JsonTreeReader, LakeParquetRecordSetWriter) and PutFile, and Parquet files back to JSON with GetFile, ConvertRecord
 * (LakeParquetReader, JsonRecordSetWriter) and PutFile.
 */
public final class ParquetRecordsFlow {

    private static final String READER_API = "org.apache.nifi.serialization.RecordReaderFactory";
    private static final String WRITER_API = "org.apache.nifi.serialization.RecordSetWriterFactory";

    private ParquetRecordsFlow() {
    }

    /** GenerateFlowFile ({@code flowFiles} FlowFiles of {@code json}, once) -> ConvertRecord to Parquet -> PutFile into {@code directory}. */
    public static String jsonToParquet(final String json, final int flowFiles, final String directory) throws IOException {
        final FlowGroup group = new FlowGroup("JSON to Parquet", "ConvertRecord with LakeParquetRecordSetWriter", null);
        final String reader = group.service("JSON reader", "org.apache.nifi.json.JsonTreeReader", Bundle.RECORDS, READER_API,
                Bundle.SERVICES_API, Map.of());
        final String writer = group.service("Parquet writer", "io.nifidataops.records.LakeParquetRecordSetWriter", Bundle.DATAOPS,
                WRITER_API, Bundle.SERVICES_API, Map.of("Compression", "ZSTD"));
        final Endpoint generate = group.processor("Generate JSON", "org.apache.nifi.processors.standard.GenerateFlowFile", Bundle.STANDARD,
                Map.of("generate-ff-custom-text", json, "Batch Size", Integer.toString(flowFiles)), "1 hour");
        final Endpoint convert = group.processor("To Parquet", "org.apache.nifi.processors.standard.ConvertRecord", Bundle.STANDARD,
                Map.of("Record Reader", reader, "Record Writer", writer), "0 sec");
        final Endpoint put = putFile(group, "Write Parquet files", directory);
        final Endpoint failed = group.funnel("Conversion failed");
        group.connect(generate, convert, "success");
        group.connect(convert, put, "success");
        group.connect(convert, failed, "failure");
        return definition(group);
    }

    /** GetFile from {@code parquetDirectory} -> ConvertRecord to JSON -> PutFile into {@code jsonDirectory}. */
    public static String parquetToJson(final String parquetDirectory, final String jsonDirectory) throws IOException {
        final FlowGroup group = new FlowGroup("Parquet to JSON", "ConvertRecord with LakeParquetReader", null);
        final String reader = group.service("Parquet reader", "io.nifidataops.records.LakeParquetReader", Bundle.DATAOPS, READER_API,
                Bundle.SERVICES_API, Map.of());
        final String writer = group.service("JSON writer", "org.apache.nifi.json.JsonRecordSetWriter", Bundle.RECORDS, WRITER_API,
                Bundle.SERVICES_API, Map.of());
        final Endpoint get = group.processor("Pick up Parquet files", "org.apache.nifi.processors.standard.GetFile", Bundle.STANDARD,
                Map.of("Input Directory", parquetDirectory), "1 sec");
        final Endpoint convert = group.processor("To JSON", "org.apache.nifi.processors.standard.ConvertRecord", Bundle.STANDARD,
                Map.of("Record Reader", reader, "Record Writer", writer), "0 sec");
        final Endpoint put = putFile(group, "Write JSON files", jsonDirectory);
        final Endpoint failed = group.funnel("Conversion failed");
        group.connect(get, convert, "success");
        group.connect(convert, put, "success");
        group.connect(convert, failed, "failure");
        return definition(group);
    }

    private static Endpoint putFile(final FlowGroup group, final String name, final String directory) {
        return group.processor(name, "org.apache.nifi.processors.standard.PutFile", Bundle.STANDARD,
                Map.of("Directory", directory, "Conflict Resolution Strategy", "fail", "Create Missing Directories", "true"), "0 sec",
                "success", "failure");
    }

    private static String definition(final FlowGroup group) throws IOException {
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
