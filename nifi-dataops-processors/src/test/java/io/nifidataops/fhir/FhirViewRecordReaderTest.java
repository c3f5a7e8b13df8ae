package io.nifidataops.fhir;

import org.apache.nifi.json.JsonRecordSetWriter;
import org.apache.nifi.processors.standard.ConvertRecord;
import org.apache.nifi.serialization.MalformedRecordException;
import org.apache.nifi.serialization.RecordReader;
import org.apache.nifi.serialization.record.Record;
import org.apache.nifi.serialization.record.RecordFieldType;
import org.apache.nifi.util.MockComponentLog;
import org.apache.nifi.util.MockProcessContext;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.components.ValidationResult;
import org.apache.nifi.util.NoOpProcessor;
import org.apache.nifi.util.TestRunner;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FhirViewRecordReaderTest {

    static final String VITALS_VIEW = """
            {"resourceType":"ViewDefinition","name":"vitals","resource":"Observation","status":"active",
             "constant":[{"name":"loinc","valueUri":"http://loinc.org"}],
             "where":[{"path":"category.coding.where(code = 'vital-signs').exists()"}],
             "select":[{"column":[
               {"name":"observation_id","path":"getResourceKey()","type":"id"},
               {"name":"patient_id","path":"subject.getReferenceKey(Patient)","type":"string"},
               {"name":"code","path":"code.coding.where(system = %loinc).code.first()","type":"code"},
               {"name":"effective_at","path":"effective.ofType(dateTime)","type":"dateTime"},
               {"name":"value","path":"value.ofType(Quantity).value","type":"decimal"},
               {"name":"unit","path":"value.ofType(Quantity).code","type":"code"}]}]}""";

    static final String HEART_RATE = """
            {"resourceType":"Observation","id":"hr-1","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},"subject":{"reference":"Patient/p-1"},"effectiveDateTime":"2026-03-01T08:15:00+01:00","valueQuantity":{"value":72,"unit":"beats/minute","system":"http://unitsofmeasure.org","code":"/min"}}""";
    static final String TEMPERATURE = """
            {"resourceType":"Observation","id":"bt-1","status":"final","category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8310-5"}]},"subject":{"reference":"Patient/p-1"},"effectiveDateTime":"2026-03-01","valueQuantity":{"value":37.25,"unit":"Cel","system":"http://unitsofmeasure.org","code":"Cel"}}""";
    static final String PATIENT = """
            {"resourceType":"Patient","id":"p-1","birthDate":"1961-04-12","name":[{"family":"PHI-MARKER-Doe"}]}""";

    private final MockComponentLog log = new MockComponentLog("test", this);
    private TestRunner runner;
    private FhirViewRecordReader reader;

    @BeforeEach
    void setUp() throws Exception {
        runner = TestRunners.newTestRunner(NoOpProcessor.class);
        reader = new FhirViewRecordReader();
        runner.addControllerService("fhir", reader);
    }

    @Test
    void testNdjsonBecomesTypedRowsAndOtherResourceTypesNoRows() throws Exception {
        enableInline(VITALS_VIEW);
        final List<Record> records = read(HEART_RATE + "\n" + PATIENT + "\n\n" + TEMPERATURE + "\n");
        assertThat(records).hasSize(2);
        final Record heartRate = records.get(0);
        assertThat(heartRate.getSchema().getFieldNames())
                .containsExactly("observation_id", "patient_id", "code", "effective_at", "value", "unit");
        assertThat(heartRate.getSchema().getDataType("effective_at").orElseThrow().getFieldType()).isEqualTo(RecordFieldType.TIMESTAMP);
        assertThat(heartRate.getSchema().getDataType("value").orElseThrow().getFieldType()).isEqualTo(RecordFieldType.DECIMAL);
        assertThat(heartRate.getValue("observation_id")).isEqualTo("hr-1");
        assertThat(heartRate.getValue("patient_id")).isEqualTo("p-1");
        assertThat(heartRate.getValue("code")).isEqualTo("8867-4");
        assertThat(heartRate.getValue("effective_at")).isEqualTo(Timestamp.from(Instant.parse("2026-03-01T07:15:00Z")));
        assertThat((BigDecimal) heartRate.getValue("value")).isEqualByComparingTo("72");
        // a date-precision dateTime is the start of that day (UTC)
        assertThat(records.get(1).getValue("effective_at")).isEqualTo(Timestamp.from(Instant.parse("2026-03-01T00:00:00Z")));
        assertThat((BigDecimal) records.get(1).getValue("value")).isEqualByComparingTo("37.25");
    }

    @Test
    void testBundleGivesTheSameRowsAsNdjson() throws Exception {
        enableInline(VITALS_VIEW);
        final String bundle = """
                {"resourceType":"Bundle","type":"transaction","entry":[
                  {"fullUrl":"urn:uuid:a","resource":%s,"request":{"method":"PUT","url":"Observation/hr-1"}},
                  {"fullUrl":"urn:uuid:b","resource":%s,"request":{"method":"PUT","url":"Patient/p-1"}},
                  {"request":{"method":"DELETE","url":"Observation/old"}},
                  {"fullUrl":"urn:uuid:c","resource":%s,"request":{"method":"PUT","url":"Observation/bt-1"}}]}"""
                .formatted(HEART_RATE, PATIENT, TEMPERATURE);
        final List<Record> fromBundle = read(bundle);
        final List<Record> fromNdjson = read(HEART_RATE + "\n" + TEMPERATURE);
        assertThat(fromBundle).hasSize(2);
        assertThat(fromBundle.stream().map(Record::toMap).toList()).isEqualTo(fromNdjson.stream().map(Record::toMap).toList());
    }

    @Test
    void testTypesForDatesIntegersBooleansAndCollections() throws Exception {
        enableInline("""
                {"name":"patients","resource":"Patient","select":[{"column":[
                  {"name":"birth_date","path":"birthDate","type":"date"},
                  {"name":"name_count","path":"name.count()","type":"integer"},
                  {"name":"active","path":"active","type":"boolean"},
                  {"name":"families","path":"name.family","type":"string","collection":true}]}]}""");
        final Record patient = read("""
                {"resourceType":"Patient","id":"p-2","active":true,"birthDate":"1961-04","name":[{"family":"A"},{"family":"B"}]}""").get(0);
        assertThat(patient.getValue("birth_date")).isEqualTo(Date.valueOf(LocalDate.of(1961, 4, 1)));
        assertThat(patient.getValue("name_count")).isEqualTo(2);
        assertThat(patient.getValue("active")).isEqualTo(true);
        assertThat((Object[]) patient.getValue("families")).containsExactly("A", "B");
        assertThat(patient.getSchema().getDataType("families").orElseThrow().getFieldType()).isEqualTo(RecordFieldType.ARRAY);
    }

    @Test
    void testUnparseableDateTimeIsReadAsNullAndCountedWithoutItsValue() throws Exception {
        enableInline(VITALS_VIEW);
        final List<Record> records = read(HEART_RATE.replace("2026-03-01T08:15:00+01:00", "2026-02-30T25:99"));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).getValue("effective_at")).isNull();
        assertThat(log.getWarnMessages()).hasSize(1);
        assertThat(log.getWarnMessages().get(0).getMsg()).contains("effective_at=1").doesNotContain("2026-02-30");
    }

    @Test
    void testResourceThatDoesNotParseIsMalformedSayingWhereNotWhat() throws Exception {
        enableInline(VITALS_VIEW);
        final String content = HEART_RATE + "\n{\"resourceType\":\"Observaton\",\"id\":\"PHI-MARKER-1\"}\n" + TEMPERATURE;
        try (RecordReader recordReader = open(content)) {
            assertThat(recordReader.nextRecord()).isNotNull();
            assertThatThrownBy(recordReader::nextRecord)
                    .isInstanceOf(MalformedRecordException.class)
                    .hasMessageStartingWith("line 2 is not a FHIR R4 resource HAPI can parse")
                    .hasMessageNotContaining("PHI-MARKER").hasMessageNotContaining("Observaton");
        }
        try (RecordReader recordReader = open(HEART_RATE + "\n{not json PHI-MARKER-2\n")) {
            recordReader.nextRecord();
            assertThatThrownBy(recordReader::nextRecord).isInstanceOf(MalformedRecordException.class)
                    .hasMessageStartingWith("line 2 is not").hasMessageNotContaining("PHI-MARKER");
        }
    }

    @Test
    void testViewThatDoesNotCompileIsAValidationErrorNamingViewAndExpression() {
        final String broken = VITALS_VIEW.replace("value.ofType(Quantity).value", "value.ofType(Quantity.value");
        runner.setProperty(reader, FhirViewRecordReader.VIEW_DEFINITION, broken);
        runner.assertNotValid(reader);
        assertThat(validationText(Map.of(FhirViewRecordReader.VIEW_DEFINITION, broken))).contains("view 'vitals' has select[0].column[4].path 'value.ofType(Quantity.value', which does not compile as FHIRPath");
    }

    @Test
    void testFhirPathFailingOnOneResourceFailsTheFlowFileWholeWithASpecificMessage() throws Exception {
        final TestRunner convert = TestRunners.newTestRunner(ConvertRecord.class);
        final FhirViewRecordReader fhir = new FhirViewRecordReader();
        convert.addControllerService("fhir", fhir);
        // given is 0..*: one patient with two given names breaks a non-collection column
        convert.setProperty(fhir, FhirViewRecordReader.VIEW_DEFINITION, """
                {"name":"given_names","resource":"Patient","select":[{"column":[{"name":"given","path":"name.given"}]}]}""");
        convert.enableControllerService(fhir);
        final JsonRecordSetWriter writer = new JsonRecordSetWriter();
        convert.addControllerService("json", writer);
        convert.enableControllerService(writer);
        convert.setProperty("Record Reader", "fhir");
        convert.setProperty("Record Writer", "json");
        convert.enqueue("""
                {"resourceType":"Patient","id":"a","name":[{"given":["One"]}]}
                {"resourceType":"Patient","id":"b","name":[{"given":["PHI-MARKER-Two","Three"]}]}
                """);
        convert.run();
        convert.assertAllFlowFilesTransferred("failure", 1);
        // ConvertRecord logs the reader's MalformedRecordException as the cause of its ProcessException
        final var logged = convert.getLogger().getErrorMessages().get(0);
        Throwable cause = logged.getThrowable() != null ? logged.getThrowable()
                : (Throwable) java.util.Arrays.stream(logged.getArgs()).filter(Throwable.class::isInstance).findFirst().orElse(null);
        while (cause != null && !(cause instanceof MalformedRecordException)) {
            cause = cause.getCause();
        }
        assertThat(cause).isNotNull();
        assertThat(cause.getMessage()).contains("line 2: view 'given_names': select[0].column[0].path 'name.given' yields several values")
                .doesNotContain("PHI-MARKER");
    }

    @Test
    void testViewFilePickedPerFlowFileOnlyInsideTheDirectory(@TempDir final Path views, @TempDir final Path elsewhere) throws Exception {
        Files.writeString(views.resolve("vitals.json"), VITALS_VIEW);
        Files.writeString(elsewhere.resolve("secret.json"), VITALS_VIEW);
        runner.setProperty(reader, FhirViewRecordReader.VIEW_DEFINITION_SOURCE, ViewDefinitionSource.DIRECTORY.name());
        runner.setProperty(reader, FhirViewRecordReader.VIEW_DIRECTORY, views.toString());
        runner.enableControllerService(reader);
        try (RecordReader recordReader = reader.createRecordReader(Map.of("lake.dataset", "vitals"), stream(HEART_RATE), -1, log)) {
            assertThat(recordReader.nextRecord().getValue("code")).isEqualTo("8867-4");
        }
        for (final String name : List.of("../" + elsewhere.getFileName() + "/secret", "..", "sub/vitals", "missing")) {
            assertThatThrownBy(() -> reader.createRecordReader(Map.of("lake.dataset", name), stream(HEART_RATE), -1, log))
                    .as(name).isInstanceOf(MalformedRecordException.class).hasMessageContaining("View");
        }
    }

    @Test
    void testViewDirectoryWithABrokenViewIsInvalid(@TempDir final Path views) throws Exception {
        Files.writeString(views.resolve("vitals.json"), VITALS_VIEW);
        Files.writeString(views.resolve("labs.json"), "{\"name\":\"labs\",\"resource\":\"Observation\",\"select\":[{\"column\":[{\"name\":\"v\",\"path\":\"%nope\"}]}]}");
        runner.setProperty(reader, FhirViewRecordReader.VIEW_DEFINITION_SOURCE, ViewDefinitionSource.DIRECTORY.name());
        runner.setProperty(reader, FhirViewRecordReader.VIEW_DIRECTORY, views.toString());
        runner.assertNotValid(reader);
        assertThat(validationText(Map.of(FhirViewRecordReader.VIEW_DEFINITION_SOURCE, ViewDefinitionSource.DIRECTORY.name(),
                FhirViewRecordReader.VIEW_DIRECTORY, views.toString()))).contains("view 'labs' has select[0].column[0].path '%nope', which uses constant %nope");
    }

    private static String validationText(final Map<PropertyDescriptor, String> properties) {
        final MockProcessContext context = new MockProcessContext(new FhirViewRecordReader());
        properties.forEach(context::setProperty);
        return context.validate().stream().filter(result -> !result.isValid()).map(ValidationResult::getExplanation)
                .collect(Collectors.joining("\n"));
    }

    private void enableInline(final String view) {
        runner.setProperty(reader, FhirViewRecordReader.VIEW_DEFINITION, view);
        runner.enableControllerService(reader);
    }

    private RecordReader open(final String content) throws Exception {
        return reader.createRecordReader(Map.of(), stream(content), content.length(), log);
    }

    private List<Record> read(final String content) throws Exception {
        final List<Record> records = new ArrayList<>();
        try (RecordReader recordReader = open(content)) {
            Record record;
            while ((record = recordReader.nextRecord()) != null) {
                records.add(record);
            }
        }
        return records;
    }

    private static ByteArrayInputStream stream(final String content) {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
    }
}
