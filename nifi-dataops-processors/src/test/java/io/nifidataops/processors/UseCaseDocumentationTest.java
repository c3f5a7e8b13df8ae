package io.nifidataops.processors;

import org.apache.nifi.annotation.behavior.SideEffectFree;
import org.apache.nifi.annotation.documentation.MultiProcessorUseCase;
import org.apache.nifi.annotation.documentation.ProcessorConfiguration;
import org.apache.nifi.annotation.documentation.SeeAlso;
import org.apache.nifi.annotation.documentation.UseCase;
import org.apache.nifi.components.PropertyDescriptor;
import org.apache.nifi.processor.Processor;
import org.apache.nifi.processor.Relationship;
import org.apache.nifi.util.TestRunners;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user reads on the processors' documentation pages: every property or relationship a use case tells them to set or
 * connect (quoted) exists under that name, the lake chain's multi-processor use case sits on its last processor, and
 * See Also names only classes that exist.
 */
class UseCaseDocumentationTest {

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");
    private static final List<Class<? extends Processor>> LAKE_CHAIN = List.of(RouteToLakeZone.class, PutLakeParquet.class, RegisterGlueTable.class);

    @Test
    void useCasesNameOnlyPropertiesAndRelationshipsTheProcessorHas() {
        for (final Class<? extends Processor> type : LAKE_CHAIN) {
            final UseCase[] useCases = type.getAnnotationsByType(UseCase.class);
            assertThat(useCases).as(type.getSimpleName() + " has more than one obvious use").isNotEmpty();
            for (final UseCase useCase : useCases) {
                assertThat(quotedNames(useCase.configuration())).as(type.getSimpleName() + ": " + useCase.description())
                        .isNotEmpty().isSubsetOf(namesOf(type));
            }
        }
    }

    @Test
    void theLakeChainsMultiProcessorUseCaseIsOnItsLastProcessorAndConfiguresEachStep() throws Exception {
        final MultiProcessorUseCase[] useCases = RegisterGlueTable.class.getAnnotationsByType(MultiProcessorUseCase.class);

        assertThat(useCases).singleElement().extracting(MultiProcessorUseCase::description).isEqualTo("Ingest records into a governed lake table");
        final ProcessorConfiguration[] steps = useCases[0].configurations();
        assertThat(steps).extracting(ProcessorConfiguration::processorClassName).containsExactly(
                RouteToLakeZone.class.getName(), PutLakeParquet.class.getName(), RegisterGlueTable.class.getName());
        for (final ProcessorConfiguration step : steps) {
            @SuppressWarnings("unchecked")
            final Class<? extends Processor> type = (Class<? extends Processor>) Class.forName(step.processorClassName());
            assertThat(quotedNames(step.configuration())).as(type.getSimpleName()).isNotEmpty().isSubsetOf(namesOf(type));
        }
        assertThat(RouteToLakeZone.class.getAnnotationsByType(MultiProcessorUseCase.class)).isEmpty();
        assertThat(PutLakeParquet.class.getAnnotationsByType(MultiProcessorUseCase.class)).isEmpty();
    }

    @Test
    void onlyTheRouterIsSideEffectFree() {
        assertThat(RouteToLakeZone.class.isAnnotationPresent(SideEffectFree.class)).isTrue();
        assertThat(PutLakeParquet.class.isAnnotationPresent(SideEffectFree.class)).as("writes to S3").isFalse();
        assertThat(RegisterGlueTable.class.isAnnotationPresent(SideEffectFree.class)).as("writes to Glue").isFalse();
        assertThat(ScoreRecords.class.isAnnotationPresent(SideEffectFree.class)).as("calls model servers").isFalse();
    }

    @Test
    void seeAlsoNamesClassesThatExist() {
        for (final Class<?> type : List.of(RouteToLakeZone.class, PutLakeParquet.class, RegisterGlueTable.class,
                io.nifidataops.catalog.GlueCatalogService.class, io.nifidataops.aws.StandardAwsConnectionService.class)) {
            final SeeAlso seeAlso = type.getAnnotation(SeeAlso.class);
            assertThat(seeAlso).as(type.getSimpleName()).isNotNull();
            for (final String name : seeAlso.classNames()) {
                assertThat(exists(name)).as(type.getSimpleName() + " sees also " + name).isTrue();
            }
        }
    }

    private static boolean exists(final String className) {
        try {
            Class.forName(className);
            return true;
        } catch (final ClassNotFoundException e) {
            return false;
        }
    }

    private static List<String> quotedNames(final String text) {
        final List<String> names = new ArrayList<>();
        final Matcher matcher = QUOTED.matcher(text);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static Set<String> namesOf(final Class<? extends Processor> type) {
        final Processor processor = TestRunners.newTestRunner(type).getProcessor();
        final Set<String> names = new HashSet<>();
        processor.getPropertyDescriptors().stream().map(PropertyDescriptor::getName).forEach(names::add);
        processor.getRelationships().stream().map(Relationship::getName).forEach(names::add);
        return names;
    }
}
