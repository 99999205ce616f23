package dev.switchboard.systemtests.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md's architecture as executable rules: the layering, module-private {@code internal}
 * packages, and no package cycles. Each rule is also run against a fixture that breaks it, so a
 * rule that stopped biting would fail here too.
 */
class ArchitectureTest {
    private static final List<String> MODULES =
            List.of(
                    "core",
                    "concurrent",
                    "bus",
                    "protocol",
                    "database",
                    "store",
                    "client",
                    "load",
                    "tasks",
                    "broker",
                    "cli",
                    "samples",
                    "benchmarks");

    private static JavaClasses production;
    private static JavaClasses fixture;

    @BeforeAll
    static void importClasses() {
        production =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages("dev.switchboard");
        // DO_NOT_INCLUDE_JARS drops modules seen as jars in a reactor build; import those too.
        if (production.stream()
                .noneMatch(c -> c.getPackageName().startsWith("dev.switchboard.core"))) {
            production =
                    new ClassFileImporter()
                            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                            .importPackages("dev.switchboard");
        }
        fixture = new ClassFileImporter().importPackages("dev.switchboard.systemtests.fixture");
    }

    @Test
    void productionClasses_areImported() {
        assertThat(production.stream().map(c -> c.getPackageName()))
                .anyMatch(p -> p.startsWith("dev.switchboard.core"))
                .anyMatch(p -> p.startsWith("dev.switchboard.cli"));
    }

    @Test
    void layers_dependOnlyDownward() {
        Layering.rule("dev.switchboard").check(production);
    }

    @Test
    void layeringRule_catchesAnUpwardDependency() {
        EvaluationResult result =
                Layering.rule("dev.switchboard.systemtests.fixture").evaluate(fixture);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString())
                .contains("UpwardCore")
                .contains("FixtureBus");
    }

    @Test
    void internalPackages_areUsedOnlyInsideTheirModule() {
        for (String module : MODULES) {
            internalRule("dev.switchboard", module).allowEmptyShould(true).check(production);
        }
    }

    @Test
    void internalRule_catchesAnOutsideUser() {
        EvaluationResult result =
                internalRule("dev.switchboard.systemtests.fixture", "core").evaluate(fixture);
        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().toString()).contains("UsesCoreInternal");
    }

    private static ArchRule internalRule(String base, String module) {
        return noClasses()
                .that()
                .resideOutsideOfPackage(base + "." + module + "..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage(base + "." + module + ".internal..")
                .as("only " + module + " itself uses " + base + "." + module + ".internal");
    }

    @Test
    void packages_haveNoCycles() {
        slices().matching("dev.switchboard.(*)..").should().beFreeOfCycles().check(production);
        slices().matching("dev.switchboard.core.(*)..").should().beFreeOfCycles().check(production);
    }
}
