package io.surewire.structure;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packages of the compiled application form no cycle: a capability never reaches back into one that
 * depends on it, and inside a capability the boundary uses its control and entity, never the reverse.
 */
class PackageCyclesTest {

    private static JavaClasses application;

    @BeforeAll
    static void importTheApplication() {
        application = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.surewire");
    }

    @Test
    void capabilitiesFormNoCycle() {
        slices().matching("io.surewire.(*)..").namingSlices("capability $1")
                .should().beFreeOfCycles()
                .check(application);
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.surewire.(**)").namingSlices("package $1")
                .should().beFreeOfCycles()
                .check(application);
    }
}
