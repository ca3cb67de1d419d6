package io.surewire.structure;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The compiled classes of the application, its tests left out: imported once for every structure test. */
final class CompiledApplication {

    private static JavaClasses classes;

    private CompiledApplication() {
    }

    static synchronized JavaClasses classes() {
        if (classes == null) {
            classes = new ClassFileImporter()
                    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                    .importPackages("io.surewire");
        }
        return classes;
    }
}
