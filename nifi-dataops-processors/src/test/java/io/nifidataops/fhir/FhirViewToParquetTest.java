package io.nifidataops.fhir;

import io.nifidataops.catalog.HiveColumn;
import io.nifidataops.catalog.HiveTypes;
import io.nifidataops.records.LakeParquetRecordSetWriter;
import io.nifidataops.testing.ParquetReadBack;
import org.apache.avro.Schema;
import org.apache.nifi.processors.standard.ConvertRecord;
import org.apache.nifi.schema.access.SchemaAccessUtils;
import org.apache.nifi.serialization.SchemaRegistryRecordSetWriter;
import org.apache.nifi.util.MockFlowFile;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * View column types reach the lake: FHIR Observations read through FhirViewRecordReader and written by
 * LakeParquetRecordSetWriter (PutLakeParquet's type mapping) are timestamp, decimal and date columns for DuckDB, an
 * independent reader, and a time-window query compares instants, not text; the Glue columns the catalog derives from
 * the written schema are timestamp, decimal(38,9) and date.
 */
class FhirViewToParquetTest {

    private static final String VIEW = """
            {"name":"vitals","resource":"Observation","select":[{"column":[
              {"name":"observation_id","path":"getResourceKey()","type":"id"},
              {"name":"effective_at","path":"effective.ofType(dateTime)","type":"dateTime"},
              {"name":"effective_day","path":"effective.ofType(dateTime)","type":"dateTime","tag":[{"name":"ansi/type","value":"DATE"}]},
              {"name":"value","path":"value.ofType(Quantity).value","type":"decimal"},
              {"name":"final","path":"status = 'final'","type":"boolean"}]}]}""";

    @TempDir
    Path directory;

    @Test
    void testDuckDbSeesTypedColumnsAndATimeWindowSelectsByInstant() throws Exception {
        final StringBuilder ndjson = new StringBuilder();
        final String[] times = {"2026-03-01T06:59:59Z", "2026-03-01T08:15:00+01:00", "2026-03-01T07:59:59.999Z", "2026-03-01T09:00:00+01:00"};
        for (int i = 0; i < times.length; i++) {
            ndjson.append("""
                    {"resourceType":"Observation","id":"o%d","status":"final","code":{"text":"hr"},"effectiveDateTime":"%s","valueQuantity":{"value":%d.5}}
                    """.formatted(i, times[i], 70 + i));
        }
        final TestRunner convert = TestRunners.newTestRunner(ConvertRecord.class);
        final FhirViewRecordReader reader = new FhirViewRecordReader();
        convert.addControllerService("fhir", reader);
        convert.setProperty(reader, FhirViewRecordReader.VIEW_DEFINITION, VIEW);
        convert.enableControllerService(reader);
        final LakeParquetRecordSetWriter writer = new LakeParquetRecordSetWriter();
        convert.addControllerService("parquet", writer);
        convert.setProperty(writer, SchemaAccessUtils.SCHEMA_ACCESS_STRATEGY.getName(), SchemaAccessUtils.INHERIT_RECORD_SCHEMA.getValue());
        convert.setProperty(writer, "Schema Write Strategy", SchemaRegistryRecordSetWriter.AVRO_SCHEMA_ATTRIBUTE.getValue());
        convert.enableControllerService(writer);
        convert.setProperty("Record Reader", "fhir");
        convert.setProperty("Record Writer", "parquet");
        convert.enqueue(ndjson.toString());
        convert.run();
        convert.assertAllFlowFilesTransferred("success", 1);
        final MockFlowFile parquet = convert.getFlowFilesForRelationship("success").get(0);
        parquet.assertAttributeEquals("record.count", "4");
        final Path file = directory.resolve("vitals.parquet");
        Files.write(file, parquet.toByteArray());

        final Map<String, String> types = ParquetReadBack.describe(directory);
        assertThat(types).containsEntry("effective_at", "TIMESTAMP WITH TIME ZONE").containsEntry("effective_day", "DATE")
                .containsEntry("value", "DECIMAL(38,9)").containsEntry("final", "BOOLEAN");
        // 07:00 to 08:00 UTC: o1 is 08:15+01:00 = 07:15Z; o3 is 09:00+01:00 = 08:00Z, outside; as text o1 would sort after o2
        final List<Map<String, Object>> window = ParquetReadBack.query("SELECT observation_id, value FROM read_parquet('" + file
                + "') WHERE effective_at >= TIMESTAMPTZ '2026-03-01 07:00:00+00' AND effective_at < TIMESTAMPTZ '2026-03-01 08:00:00+00'"
                + " ORDER BY effective_at");
        assertThat(window).extracting(row -> row.get("observation_id")).containsExactly("o1", "o2");
        assertThat((BigDecimal) window.get(0).get("value")).isEqualByComparingTo("71.5");

        final List<HiveColumn> columns = HiveTypes.columns(new Schema.Parser().parse(parquet.getAttribute("avro.schema")));
        assertThat(columns).extracting(HiveColumn::name, HiveColumn::type).containsExactly(
                org.assertj.core.groups.Tuple.tuple("observation_id", "string"),
                org.assertj.core.groups.Tuple.tuple("effective_at", "timestamp"),
                org.assertj.core.groups.Tuple.tuple("effective_day", "date"),
                org.assertj.core.groups.Tuple.tuple("value", "decimal(38,9)"),
                org.assertj.core.groups.Tuple.tuple("final", "boolean"));
    }
}
