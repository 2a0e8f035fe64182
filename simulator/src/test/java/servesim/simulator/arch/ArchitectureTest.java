package servesim.simulator.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.Test;

/**
 * The simulator's shape, checked on its compiled classes (ArchUnit): no cycles between its packages, no DJL, and
 * the kernel's collaborators never reach back into it.
 */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("servesim.simulator");

    /** Each package is a slice, the kernel's ({@code servesim.simulator} itself) included. */
    private static final SliceAssignment PACKAGES = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            return p.startsWith("servesim.simulator") ? SliceIdentifier.of(p) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "simulator packages";
        }
    };

    @Test
    void packagesFormNoCycles() {
        slices().assignedFrom(PACKAGES).should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void noDjl() {
        noClasses().should().dependOnClassesThat().resideInAPackage("ai.djl..").check(CLASSES);
    }

    @Test
    void onlyTheSetUpAndTheKernelKnowTheKernel() {
        noClasses().that().resideOutsideOfPackages("servesim.simulator", "servesim.simulator.setup",
                        "servesim.simulator.validation")
                .should().dependOnClassesThat().haveSimpleName("Simulation").check(CLASSES);
    }
}
