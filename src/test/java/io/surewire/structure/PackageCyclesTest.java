package io.surewire.structure;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import org.junit.jupiter.api.Test;

/**
 * The packages of the compiled application form no cycle: a capability never reaches back into one that
 * depends on it, and inside a capability the boundary uses its control and entity, never the reverse.
 */
class PackageCyclesTest {

    @Test
    void capabilitiesFormNoCycle() {
        slices().matching("io.surewire.(*)..").namingSlices("capability $1")
                .should().beFreeOfCycles()
                .check(CompiledApplication.classes());
    }

    @Test
    void packagesFormNoCycle() {
        slices().matching("io.surewire.(**)").namingSlices("package $1")
                .should().beFreeOfCycles()
                .check(CompiledApplication.classes());
    }
}
