package io.nifidataops.fhir;

import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the specification pages define beyond the shared suite's cases, each from its example: %rowIndex (the three
 * examples of "Environment Variables"), repeat ("Recursive Traversal with Repeat"), the key functions ("Joins with
 * Resource and Reference Keys"), and the failure messages a flow designer sees.
 */
class ViewRunnerTest {

    private static final String PATIENT = """
            {"resourceType":"Patient","id":"pt1","name":[
              {"family":"Smith","given":["John","James"]},{"family":"Jones","given":["Jane"]}],
             "contact":[{"telecom":[{"system":"phone","value":"1"},{"system":"email","value":"a@b"}]},
                        {"telecom":[{"system":"phone","value":"2"}]}]}""";

    @Test
    void testRowIndexPerName() throws Exception {
        final List<List<Object>> rows = run("""
                {"resource":"Patient","select":[{"column":[{"name":"id","path":"id","type":"id"}]},
                  {"forEach":"name","column":[{"name":"name_index","path":"%rowIndex","type":"integer"},
                                              {"name":"family","path":"family","type":"string"}]}]}""", PATIENT);
        assertThat(rows).containsExactly(List.of("pt1", 0, "Smith"), List.of("pt1", 1, "Jones"));
    }

    @Test
    void testRowIndexNested() throws Exception {
        final List<List<Object>> rows = run("""
                {"resource":"Patient","select":[{"column":[{"name":"id","path":"id","type":"id"}]},
                  {"forEach":"contact","column":[{"name":"contact_index","path":"%rowIndex","type":"integer"}],
                   "select":[{"forEach":"telecom","column":[{"name":"telecom_index","path":"%rowIndex","type":"integer"},
                                                           {"name":"system","path":"system","type":"code"}]}]}]}""", PATIENT);
        assertThat(rows).containsExactly(List.of("pt1", 0, 0, "phone"), List.of("pt1", 0, 1, "email"),
                List.of("pt1", 1, 0, "phone"));
    }

    @Test
    void testRowIndexInUnionAllBranches() throws Exception {
        final List<List<Object>> rows = run("""
                {"resource":"Patient","select":[{"column":[{"name":"id","path":"id","type":"id"}]},
                  {"forEach":"name","column":[{"name":"name_index","path":"%rowIndex","type":"integer"}],
                   "select":[{"unionAll":[
                     {"forEach":"given","column":[{"name":"given_index","path":"%rowIndex","type":"integer"},
                                                  {"name":"value","path":"$this","type":"string"}]},
                     {"column":[{"name":"given_index","path":"%rowIndex","type":"integer"},
                                {"name":"value","path":"family","type":"string"}]}]}]}]}""", PATIENT);
        assertThat(rows).containsExactly(List.of("pt1", 0, 0, "John"), List.of("pt1", 0, 1, "James"),
                List.of("pt1", 0, 0, "Smith"), List.of("pt1", 1, 0, "Jane"), List.of("pt1", 1, 1, "Jones"));
    }

    @Test
    void testRowIndexTopLevelAndForEachOrNullOverNothing() throws Exception {
        final List<List<Object>> rows = run("""
                {"resource":"Patient","select":[{"column":[{"name":"top","path":"%rowIndex","type":"integer"}]},
                  {"forEachOrNull":"address","column":[{"name":"address_index","path":"%rowIndex","type":"integer"},
                                                        {"name":"zip","path":"postalCode","type":"string"}]}]}""", PATIENT);
        assertThat(rows).containsExactly(Arrays.asList(0, 0, null));
    }

    @Test
    void testRepeatFlattensEveryDepth() throws Exception {
        final String response = """
                {"resourceType":"QuestionnaireResponse","id":"qr1","status":"completed","item":[
                  {"linkId":"1","text":"Demographics","item":[{"linkId":"1.1","text":"Age","answer":[{"valueInteger":45}]}]},
                  {"linkId":"2","text":"Medical History","answer":[{"item":[{"linkId":"2.1","text":"Conditions","answer":[
                    {"item":[{"linkId":"2.1.1","text":"Diabetes Type","answer":[{"valueString":"Type 2"}]}]}]}]}]}]}""";
        final List<List<Object>> rows = run("""
                {"resource":"QuestionnaireResponse","select":[{"repeat":["item","answer.item"],"column":[
                  {"name":"item_id","path":"linkId","type":"string"},{"name":"question_text","path":"text","type":"string"},
                  {"name":"position","path":"%rowIndex","type":"integer"}]}]}""", response);
        assertThat(rows).containsExactly(List.of("1", "Demographics", 0), List.of("1.1", "Age", 1),
                List.of("2", "Medical History", 2), List.of("2.1", "Conditions", 3), List.of("2.1.1", "Diabetes Type", 4));
    }

    @Test
    void testResourceAndReferenceKeysJoin() throws Exception {
        final String view = """
                {"resource":"Observation","select":[{"column":[{"name":"id","path":"getResourceKey()"},
                  {"name":"patient_id","path":"subject.getReferenceKey(Patient)"},
                  {"name":"any_id","path":"subject.getReferenceKey()"},
                  {"name":"group_id","path":"subject.getReferenceKey(Group)"}]}]}""";
        assertThat(run(view, observation("Patient/p1"))).containsExactly(Arrays.asList("o1", "p1", "p1", null));
        assertThat(run(view, observation("https://ehr.example.org/fhir/Patient/p2/_history/3")))
                .containsExactly(Arrays.asList("o1", "p2", "p2", null));
        assertThat(run(view, observation("urn:uuid:2f7c1e04-8e0e-4d1b-9d4e-3f1f0b6f2a11")))
                .containsExactly(Arrays.asList("o1", "2f7c1e04-8e0e-4d1b-9d4e-3f1f0b6f2a11", "2f7c1e04-8e0e-4d1b-9d4e-3f1f0b6f2a11",
                        "2f7c1e04-8e0e-4d1b-9d4e-3f1f0b6f2a11"));
        assertThat(run(view, observation("#contained"))).containsExactly(Arrays.asList("o1", null, null, null));
        final List<List<Object>> patients = run("""
                {"resource":"Patient","select":[{"column":[{"name":"id","path":"getResourceKey()"}]}]}""", PATIENT);
        assertThat(patients).containsExactly(List.of("pt1"));
    }

    @Test
    void testInventoryViewOverResourceReadsEveryType() throws Exception {
        final String view = """
                {"resource":"Resource","select":[{"column":[{"name":"id","path":"getResourceKey()"},
                  {"name":"type","path":"type().name"}]}]}""";
        assertThat(run(view, PATIENT)).containsExactly(List.of("pt1", "Patient"));
        assertThat(run(view, observation("Patient/p1"))).containsExactly(List.of("o1", "Observation"));
    }

    @Test
    void testDeclaredTypesAndInference() {
        final ViewDefinition view = ViewDefinition.parse("""
                {"resource":"Observation","select":[{"column":[
                  {"name":"effective","path":"effective.ofType(dateTime)","type":"dateTime"},
                  {"name":"has_value","path":"value.exists()"},
                  {"name":"birth","path":"effective.ofType(dateTime)","tag":[{"name":"ansi/type","value":"date"}]},
                  {"name":"status","path":"status"}]}]}""", "types");
        assertThat(view.columns()).extracting(ViewColumn::fhirType).containsExactly("dateTime", "boolean", "string", "string");
        assertThat(view.columns()).extracting(ViewColumn::ansiType).containsExactly(null, null, "DATE", null);
    }

    @Test
    void testCompileErrorsNameViewElementAndExpression() {
        assertThatThrownBy(() -> ViewDefinition.parse("""
                {"name":"vitals","resource":"Observation","select":[{"column":[{"name":"v","path":"value.where("}]}]}""", "f"))
                .isInstanceOf(ViewDefinitionException.class)
                .hasMessage("view 'vitals' has select[0].column[0].path 'value.where(', which does not compile as FHIRPath"
                        + " (FHIRLexerException)");
        assertThatThrownBy(() -> ViewDefinition.parse("""
                {"name":"vitals","resource":"Observation","select":[{"column":[{"name":"v","path":"code = %loinc_hr"}]}]}""", "f"))
                .hasMessage("view 'vitals' has select[0].column[0].path 'code = %loinc_hr', which uses constant %loinc_hr"
                        + " that the view does not define");
        assertThatThrownBy(() -> ViewDefinition.parse("{\"resource\":\"Observaton\",\"select\":[]}", "vitals.json"))
                .hasMessage("view 'vitals.json' reads resource 'Observaton', which is not a FHIR R4 resource type");
    }

    @Test
    void testFailureOnOneResourceNamesExpressionNotValues() throws Exception {
        final ViewRunner runner = new ViewRunner(ViewDefinition.parse("""
                {"name":"names","resource":"Patient","select":[{"column":[{"name":"family","path":"name.family"}]}]}""", "f"));
        final Resource patient = new FhirResourceParser().parse(PATIENT, "line 1");
        assertThatThrownBy(() -> runner.rows(patient))
                .isInstanceOf(ViewEvaluationException.class)
                .hasMessage("view 'names': select[0].column[0].path 'name.family' yields several values for column 'family',"
                        + " which is not a collection (set \"collection\": true or narrow the path)")
                .message().doesNotContain("Smith").doesNotContain("Jones");
    }

    private static String observation(final String subject) {
        return """
                {"resourceType":"Observation","id":"o1","status":"final","code":{"text":"hr"},"subject":{"reference":"%s"}}"""
                .formatted(subject);
    }

    private static List<List<Object>> run(final String view, final String resource) throws FhirContentException {
        final ViewRunner runner = new ViewRunner(ViewDefinition.parse(view, "test"));
        final List<List<Object>> rows = new ArrayList<>();
        for (final Object[] row : runner.rows(new FhirResourceParser().parse(resource, "line 1"))) {
            rows.add(Arrays.asList(row));
        }
        return rows;
    }
}
