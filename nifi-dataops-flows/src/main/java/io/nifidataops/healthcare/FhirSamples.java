package io.nifidataops.healthcare;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Deterministic FHIR R4 deliveries shaped like an EHR's: a transaction Bundle an integration engine posts (US Core-like
 * Patients, Encounters, LOINC vital-sign and laboratory Observations, Conditions) and a Bulk Data export's
 * Observation.ndjson. Resources are built with HAPI's model classes and encoded by its JSON parser, so they parse
 * strictly, except the realistic defects put in on purpose: an Observation without subject, one whose effectiveDateTime
 * does not parse, one coded in an unknown code system, and a MedicationRequest where only the four analytics types are
 * expected. Each delivery says how many view rows per dataset are valid and invalid.
 */
public final class FhirSamples {

    /** An HTTP request body with its Content-Type and the rows its datasets' views yield, valid and invalid. */
    public record Delivery(String name, String contentType, byte[] content, Map<String, Integer> valid, Map<String, Integer> invalid) {
    }

    public static final String BUNDLE_TYPE = "application/fhir+json";
    public static final String NDJSON_TYPE = "application/fhir+ndjson";
    /** The datasets (one ViewDefinition and one suite each) the flow fans FHIR content out to. */
    public static final List<String> DATASETS = HealthcareFlow.FHIR_DATASETS;
    /** Marks the effectiveDateTime that is made unparseable after encoding. */
    static final String BROKEN_DATETIME = "2026-11-31T25:61:00Z";

    private static final Instant DAY = Instant.parse("2026-11-20T00:00:00Z");
    private static final String LOINC = "http://loinc.org";
    private static final String UCUM = "http://unitsofmeasure.org";
    private static final String CATEGORY_SYSTEM = "http://terminology.hl7.org/CodeSystem/observation-category";
    private static final String[][] VITALS = {
            {"8867-4", "Heart rate", "/min", "55", "70"}, {"59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", "90", "10"},
            {"8310-5", "Body temperature", "Cel", "36", "2"}, {"8480-6", "Systolic blood pressure", "mm[Hg]", "100", "50"},
            {"9279-1", "Respiratory rate", "/min", "12", "10"}};
    private static final String[][] LABS = {
            {"2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", "70", "130"},
            {"718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", "11", "6"},
            {"2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", "0", "2"}};
    private static final String[][] CONDITIONS = {
            {"44054006", "Diabetes mellitus type 2"}, {"38341003", "Hypertensive disorder"}, {"195967001", "Asthma"}};

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss", Locale.ROOT);

    private final Random random;
    private final IParser json = FhirContext.forR4Cached().newJsonParser();

    private FhirSamples(final long seed) {
        this.random = new Random(seed);
    }

    public static List<Delivery> generate(final long seed) {
        final FhirSamples samples = new FhirSamples(seed);
        return List.of(samples.bundle(), samples.observationExport());
    }

    /** A transaction Bundle of 6 patients, 8 encounters with 3 vital signs and a lab each, 4 conditions and one MedicationRequest. */
    private Delivery bundle() {
        final Counts counts = new Counts();
        final Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (int p = 0; p < 6; p++) {
            add(bundle, patient(p), counts, "fhir_patients", true);
        }
        for (int e = 0; e < 8; e++) {
            final String patient = patientId(e % 6);
            final Instant start = DAY.plus(e * 3L, ChronoUnit.HOURS);
            add(bundle, encounter(e, patient, start), counts, "fhir_encounters", true);
            for (int v = 0; v < 3; v++) {
                final Observation vital = observation("obs-b" + e + "-" + v, patient, "enc-" + e, "vital-signs",
                        VITALS[(e + v) % VITALS.length], start.plus(10L + v, ChronoUnit.MINUTES), e % 2 == 0 ? "+01:00" : "Z");
                add(bundle, vital, counts, "fhir_observations", true);
            }
            add(bundle, observation("obs-b" + e + "-lab", patient, "enc-" + e, "laboratory", LABS[e % LABS.length],
                    start.plus(40, ChronoUnit.MINUTES), "Z"), counts, "fhir_observations", true);
        }
        for (int c = 0; c < 4; c++) {
            add(bundle, condition(c, patientId(c), "enc-" + c, DAY.plus(c * 3L, ChronoUnit.HOURS)), counts, "fhir_conditions", true);
        }
        // Unexpected type: a MedicationRequest where the feed is agreed to carry the four analytics types only
        final MedicationRequest order = new MedicationRequest();
        order.setId("medreq-1");
        order.setStatus(MedicationRequest.MedicationRequestStatus.ACTIVE).setIntent(MedicationRequest.MedicationRequestIntent.ORDER)
                .setMedication(new CodeableConcept(new Coding("http://www.nlm.nih.gov/research/umls/rxnorm", "860975", "metformin")))
                .setSubject(new Reference("Patient/" + patientId(0)));
        add(bundle, order, counts, null, false);
        return new Delivery("ehr-transaction-bundle.json", BUNDLE_TYPE, json.encodeResourceToString(bundle).getBytes(StandardCharsets.UTF_8),
                counts.valid, counts.invalid);
    }

    /** A Bulk Data export's Observation.ndjson: 30 observations, three of them defective. */
    private Delivery observationExport() {
        final Counts counts = new Counts();
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 30; i++) {
            final boolean lab = i % 3 == 0;
            final Observation observation = observation(String.format(Locale.ROOT, "obs-x%03d", i), patientId(i % 6), null,
                    lab ? "laboratory" : "vital-signs", lab ? LABS[i % LABS.length] : VITALS[i % VITALS.length],
                    DAY.plus(30L + i * 7L, ChronoUnit.MINUTES), i % 4 == 0 ? "-05:00" : "Z");
            boolean valid = true;
            if (i == 4) {
                observation.setSubject(null);
                valid = false;
            }
            if (i == 11) {
                observation.getCode().getCodingFirstRep().setSystem("http://ehr.example.org/local-lab-codes");
                valid = false;
            }
            if (i == 17) {
                observation.setEffective(dateTime(DAY, "Z"));
                valid = false;
            }
            String line = json.encodeResourceToString(observation);
            if (i == 17) {
                // after encoding: the model classes refuse to hold a dateTime that does not parse
                line = line.replace("\"2026-11-20T00:00:00Z\"", "\"" + BROKEN_DATETIME + "\"");
            }
            lines.append(line).append('\n');
            counts.add("fhir_resources", true);
            counts.add("fhir_observations", valid);
        }
        return new Delivery("Observation.ndjson", NDJSON_TYPE, lines.toString().getBytes(StandardCharsets.UTF_8), counts.valid, counts.invalid);
    }

    private Patient patient(final int number) {
        final Patient patient = new Patient();
        patient.setId(patientId(number));
        patient.addIdentifier(new Identifier().setSystem("http://hospital.example.org/mrn").setValue(String.format(Locale.ROOT, "MRN%07d",
                1_000_000 + random.nextInt(8_999_999))));
        patient.setActive(true);
        patient.addName(new HumanName().setFamily("Family" + number).addGiven("Given" + number));
        patient.setGender(random.nextBoolean() ? AdministrativeGender.FEMALE : AdministrativeGender.MALE);
        patient.setBirthDateElement(new DateType(String.format(Locale.ROOT, "%d-%02d-%02d", 1940 + random.nextInt(70),
                1 + random.nextInt(12), 1 + random.nextInt(28))));
        patient.addAddress().setPostalCode(String.valueOf(10000 + random.nextInt(89999))).setCountry("US");
        return patient;
    }

    private Encounter encounter(final int number, final String patient, final Instant start) {
        final Encounter encounter = new Encounter();
        encounter.setId("enc-" + number);
        encounter.setStatus(random.nextInt(4) == 0 ? Encounter.EncounterStatus.INPROGRESS : Encounter.EncounterStatus.FINISHED);
        final boolean inpatient = random.nextBoolean();
        encounter.setClass_(new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", inpatient ? "IMP" : "AMB",
                inpatient ? "inpatient encounter" : "ambulatory"));
        encounter.setSubject(new Reference("Patient/" + patient));
        encounter.setPeriod(new Period().setStartElement(dateTime(start, "Z"))
                .setEndElement(dateTime(start.plus(1 + random.nextInt(48), ChronoUnit.HOURS), "Z")));
        return encounter;
    }

    private Observation observation(final String id, final String patient, final String encounter, final String category,
                                    final String[] test, final Instant at, final String offset) {
        final Observation observation = new Observation();
        observation.setId(id);
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(CATEGORY_SYSTEM, category, "vital-signs".equals(category) ? "Vital Signs" : "Laboratory")));
        observation.setCode(new CodeableConcept(new Coding(LOINC, test[0], test[1])).setText(test[1]));
        observation.setSubject(new Reference("Patient/" + patient));
        if (encounter != null) {
            observation.setEncounter(new Reference("Encounter/" + encounter));
        }
        observation.setEffective(dateTime(at, offset));
        final BigDecimal value = BigDecimal.valueOf(Double.parseDouble(test[3]) + random.nextDouble() * Double.parseDouble(test[4]))
                .setScale(1, RoundingMode.HALF_UP);
        observation.setValue(new Quantity().setValue(value).setUnit(test[2]).setSystem(UCUM).setCode(test[2]));
        return observation;
    }

    private Condition condition(final int number, final String patient, final String encounter, final Instant onset) {
        final Condition condition = new Condition();
        condition.setId("cond-" + number);
        condition.setClinicalStatus(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-clinical", "active", "Active")));
        condition.addCategory(new CodeableConcept(new Coding("http://terminology.hl7.org/CodeSystem/condition-category",
                "encounter-diagnosis", "Encounter Diagnosis")));
        final String[] code = CONDITIONS[number % CONDITIONS.length];
        condition.setCode(new CodeableConcept(new Coding("http://snomed.info/sct", code[0], code[1])));
        condition.setSubject(new Reference("Patient/" + patient));
        condition.setEncounter(new Reference("Encounter/" + encounter));
        condition.setOnset(dateTime(onset, "Z"));
        condition.setRecordedDateElement(dateTime(onset.plus(2, ChronoUnit.HOURS), "Z"));
        return condition;
    }

    // A dateTime at second precision, written with the given offset (the same instant)
    private static DateTimeType dateTime(final Instant at, final String offset) {
        final ZoneOffset zone = "Z".equals(offset) ? ZoneOffset.UTC : ZoneOffset.of(offset);
        return new DateTimeType(SECONDS.format(at.atOffset(zone).toLocalDateTime()) + offset);
    }

    private static void add(final Bundle bundle, final Resource resource, final Counts counts, final String dataset, final boolean knownType) {
        bundle.addEntry().setFullUrl("urn:uuid:" + java.util.UUID.nameUUIDFromBytes(resource.getIdElement().getIdPart()
                        .getBytes(StandardCharsets.UTF_8)))
                .setResource(resource)
                .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(resource.fhirType() + "/" + resource.getIdElement().getIdPart());
        counts.add("fhir_resources", knownType);
        if (dataset != null) {
            counts.add(dataset, true);
        }
    }

    private static String patientId(final int number) {
        return String.format(Locale.ROOT, "pat-%05d", number);
    }

    /** Rows per dataset, valid and invalid. */
    private static final class Counts {
        private final Map<String, Integer> valid = new TreeMap<>();
        private final Map<String, Integer> invalid = new TreeMap<>();

        void add(final String dataset, final boolean isValid) {
            (isValid ? valid : invalid).merge(dataset, 1, Integer::sum);
            (isValid ? invalid : valid).merge(dataset, 0, Integer::sum);
        }
    }
}
