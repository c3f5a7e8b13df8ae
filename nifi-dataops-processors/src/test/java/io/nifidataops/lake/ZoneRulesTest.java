package io.nifidataops.lake;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ZoneRulesTest {

    private static final Predicate<String> NO_RULE = zone -> false;

    private static final ZoneRules BUILT_IN_ONLY = rules(List.of(), false);

    @ParameterizedTest(name = "success={0} unexpected={1} -> {2} ({3})")
    @CsvSource(nullValues = "null", value = {
            "false, 3,    quarantine, validation.success=false",
            "false, null, quarantine, validation.success=false",
            "true,  2,    quarantine, validation.unexpected.count>0",
            "null,  1,    quarantine, validation.unexpected.count>0",
            "true,  0,    structured, validation.success=true",
            "TRUE,  null, structured, validation.success=true",
            "null,  null, raw,        no validation attributes",
            "maybe, null, unmatched,  validation.success is neither true nor false",
            "null,  0,    unmatched,  validation.success is missing",
            "true,  many, unmatched,  validation.unexpected.count is not a count",
    })
    void builtInDecision(final String success, final String unexpected, final String zone, final String reason) {
        final ZoneDecision decision = BUILT_IN_ONLY.decide(validation(success, unexpected), NO_RULE);

        assertThat(decision.zone()).isEqualTo(zone);
        assertThat(decision.reason()).isEqualTo(reason);
    }

    @Test
    void matchedDecisionsCarryTheZoneLocation() {
        final ZoneDecision decision = BUILT_IN_ONLY.decide(validation("true", "0"), NO_RULE);

        assertThat(decision.matched()).isTrue();
        assertThat(decision.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "lake.zone", "structured", "lake.bucket", "lake", "lake.prefix", "v1"));
    }

    @Test
    void unmatchedDecisionsCarryNoAttributes() {
        final ZoneDecision decision = BUILT_IN_ONLY.decide(validation("maybe", null), NO_RULE);

        assertThat(decision.matched()).isFalse();
        assertThat(decision.attributes()).isEmpty();
    }

    @Test
    void curatedRuleAppliesToDataThatIsNotQuarantined() {
        final ZoneRules rules = rules(List.of(), true);
        final Predicate<String> curated = zone -> zone.equals(ZoneRules.CURATED);

        assertThat(rules.decide(validation("true", "0"), curated).zone()).isEqualTo("curated");
        assertThat(rules.decide(validation(null, null), curated).zone()).isEqualTo("curated");
        assertThat(rules.decide(validation("false", "2"), curated).zone()).isEqualTo("quarantine");
        assertThat(rules.decide(validation("true", "0"), NO_RULE).zone()).isEqualTo("structured");
    }

    @Test
    void recordOutcomeOutranksTheBatchOutcome() {
        // The valid split of a batch whose suite failed: its own records passed, so they belong in structured
        final Map<String, String> validSplit = Map.of("validation.success", "false", "validation.unexpected.count", "3",
                "validation.outcome", "valid");
        final Map<String, String> invalidSplit = Map.of("validation.success", "false", "validation.unexpected.count", "3",
                "validation.outcome", "invalid");

        assertThat(BUILT_IN_ONLY.decide(validSplit, NO_RULE).zone()).isEqualTo("structured");
        assertThat(BUILT_IN_ONLY.decide(validSplit, NO_RULE).reason()).isEqualTo("validation.outcome=valid");
        assertThat(BUILT_IN_ONLY.decide(invalidSplit, NO_RULE).zone()).isEqualTo("quarantine");
        assertThat(rules(List.of(), true).decide(validSplit, zone -> zone.equals(ZoneRules.CURATED)).zone()).isEqualTo("curated");
        assertThat(BUILT_IN_ONLY.decide(Map.of("validation.outcome", "perhaps"), NO_RULE).matched()).isFalse();
    }

    @Test
    void curatedRuleIsNotAskedForWhenNotConfigured() {
        final List<String> asked = new ArrayList<>();

        BUILT_IN_ONLY.decide(validation("true", "0"), zone -> asked.add(zone) && false);

        assertThat(asked).isEmpty();
    }

    @Test
    void userZonesComeFirstInTheirOrderAndFirstMatchWins() {
        final ZoneRules rules = rules(List.of("restricted", "lab"), true);
        final List<String> asked = new ArrayList<>();

        final ZoneDecision decision = rules.decide(validation("false", "5"), zone -> asked.add(zone) && Set.of("restricted", "lab").contains(zone));

        assertThat(decision.zone()).isEqualTo("restricted");
        assertThat(decision.reason()).isEqualTo("rule of zone restricted");
        assertThat(decision.location()).isEqualTo(new ZoneLocation("phi-lake", ""));
        assertThat(asked).containsExactly("restricted");
    }

    @Test
    void builtInDecisionFollowsWhenNoUserRuleMatches() {
        final ZoneRules rules = rules(List.of("restricted", "lab"), false);
        final List<String> asked = new ArrayList<>();

        final ZoneDecision decision = rules.decide(validation(null, null), zone -> asked.add(zone) && false);

        assertThat(decision.zone()).isEqualTo("raw");
        assertThat(asked).containsExactly("restricted", "lab");
    }

    @Test
    void ruleOrderPutsListedZonesFirstThenTheRestAlphabetically() {
        assertThat(ZoneRules.ruleOrder(Set.of("lab", "restricted", "device", "archive"), List.of("restricted", "unknown", "lab")))
                .containsExactly("restricted", "lab", "archive", "device");
        assertThat(ZoneRules.ruleOrder(Set.of("b", "a"), List.of())).containsExactly("a", "b");
    }

    @Test
    void zoneNamesArePlainAndNotBuiltIn() {
        assertThat(ZoneRules.invalidZoneName("restricted")).isNull();
        assertThat(ZoneRules.invalidZoneName("lab_2-eu")).isNull();
        assertThat(ZoneRules.invalidZoneName("Restricted")).contains("lowercase");
        assertThat(ZoneRules.invalidZoneName("my.zone")).contains("lowercase");
        assertThat(ZoneRules.invalidZoneName("9lives")).contains("starts with");
        assertThat(ZoneRules.invalidZoneName("curated")).contains("built-in");
        assertThat(ZoneRules.invalidZoneName("unmatched")).contains("built-in");
    }

    @Test
    void everyZoneNeedsALocation() {
        assertThatThrownBy(() -> new ZoneRules(List.of("lab"), builtInLocations(), false)).hasMessage("No location for zone lab");
    }

    @Test
    void locationsParseBucketAndPrefix() {
        assertThat(ZoneLocation.parse("phi-lake", "lake")).isEqualTo(new ZoneLocation("phi-lake", "lake"));
        assertThat(ZoneLocation.parse("phi-lake", null)).isEqualTo(new ZoneLocation("phi-lake", ""));
        assertThat(ZoneLocation.parse("phi-lake/secure/v2/", "lake")).isEqualTo(new ZoneLocation("phi-lake", "secure/v2"));
        assertThat(ZoneLocation.parse("s3://phi-lake/x", null)).isEqualTo(new ZoneLocation("phi-lake", "x"));
        assertThat(ZoneLocation.parse("phi-lake/", "lake").prefix()).isEmpty();
    }

    @Test
    void theZoneIsAlwaysADirectoryOfItsRoot() {
        assertThat(new ZoneLocation("lake", "/v1/").root("raw")).isEqualTo("s3://lake/v1/raw/");
        assertThat(new ZoneLocation("lake", "").root("raw")).isEqualTo("s3://lake/raw/");
    }

    @Test
    void locationsRejectWhatS3OrReadersWouldNot() {
        assertThatThrownBy(() -> ZoneLocation.parse("Phi_Lake", null)).hasMessageContaining("not a valid S3 bucket name");
        assertThatThrownBy(() -> ZoneLocation.parse("ab", null)).hasMessageContaining("not a valid S3 bucket name");
        assertThatThrownBy(() -> ZoneLocation.parse("a..b", null)).hasMessageContaining("not a valid S3 bucket name");
        assertThatThrownBy(() -> new ZoneLocation("lake", "v1//x")).hasMessageContaining("not a valid prefix");
        assertThatThrownBy(() -> new ZoneLocation("lake", "v1/../x")).hasMessageContaining("not a valid prefix");
    }

    private static ZoneRules rules(final List<String> userZones, final boolean curatedRule) {
        final Map<String, ZoneLocation> locations = builtInLocations();
        for (final String zone : userZones) {
            locations.put(zone, zone.equals("restricted") ? new ZoneLocation("phi-lake", "") : new ZoneLocation("lake", "v1"));
        }
        return new ZoneRules(userZones, locations, curatedRule);
    }

    private static Map<String, ZoneLocation> builtInLocations() {
        final Map<String, ZoneLocation> locations = new HashMap<>();
        ZoneRules.BUILT_IN_ZONES.forEach(zone -> locations.put(zone, new ZoneLocation("lake", "v1")));
        return locations;
    }

    private static Map<String, String> validation(final String success, final String unexpected) {
        final Map<String, String> attributes = new HashMap<>();
        attributes.put("lake.source", "lab");
        if (success != null) {
            attributes.put("validation.success", success);
        }
        if (unexpected != null) {
            attributes.put("validation.unexpected.count", unexpected);
        }
        return attributes;
    }
}
