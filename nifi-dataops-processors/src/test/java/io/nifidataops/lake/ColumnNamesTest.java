package io.nifidataops.lake;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ColumnNamesTest {

    @Test
    void testSafeNamesStayAsTheyAre() {
        assertThat(ColumnNames.normalize("heart_rate")).isEqualTo("heart_rate");
        assertThat(ColumnNames.normalize("ts")).isEqualTo("ts");
    }

    @Test
    void testUnsafeRunsBecomeOneUnderscore() {
        assertThat(ColumnNames.normalize("Heart Rate (bpm)")).isEqualTo("heart_rate_bpm_");
        assertThat(ColumnNames.normalize("lab.result-code")).isEqualTo("lab_result_code");
    }

    @Test
    void testCamelCaseBecomesSnakeCase() {
        assertThat(ColumnNames.normalize("systolicBP")).isEqualTo("systolic_bp");
        assertThat(ColumnNames.normalize("patientId")).isEqualTo("patient_id");
        assertThat(ColumnNames.normalize("HR")).isEqualTo("hr");
    }

    @Test
    void testAccentsAreStripped() {
        assertThat(ColumnNames.normalize("Température")).isEqualTo("temperature");
    }

    @Test
    void testLeadingDigitAndEmptyNamesGetAnUnderscore() {
        assertThat(ColumnNames.normalize("2nd dose")).isEqualTo("_2nd_dose");
        assertThat(ColumnNames.normalize("")).isEqualTo("_");
        assertThat(ColumnNames.normalize(null)).isEqualTo("_");
    }

    @Test
    void testLongNamesAreCutToTheGlueLimit() {
        assertThat(ColumnNames.normalize("a".repeat(300))).hasSize(ColumnNames.MAX_LENGTH);
    }

    @Test
    void testNormalizingTwiceChangesNothing() {
        for (final String name : new String[] {"Heart Rate (bpm)", "systolicBP", "2nd dose", "Température", "a.b.c"}) {
            final String once = ColumnNames.normalize(name);
            assertThat(ColumnNames.normalize(once)).isEqualTo(once);
        }
    }
}
