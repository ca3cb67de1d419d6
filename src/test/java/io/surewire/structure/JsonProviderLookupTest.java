package io.surewire.structure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.surewire.protocol.JsonBuilders;
import jakarta.json.Json;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Test;

/**
 * The application looks the JSON provider up once ({@link JsonBuilders}): {@link Json}'s static methods
 * and {@link JsonProvider#provider()} scan the deployment for it on every call, which cost an HTTP publish
 * a tenth of the server's CPU.
 */
class JsonProviderLookupTest {

    @Test
    void noClassUsesTheStaticFactoriesOfJson() {
        noClasses().should().dependOnClassesThat().belongToAnyOf(Json.class)
                .because("each call looks the JSON provider up again; use JsonBuilders")
                .check(CompiledApplication.classes());
    }

    @Test
    void onlyJsonBuildersLooksTheProviderUp() {
        noClasses().that().doNotBelongToAnyOf(JsonBuilders.class)
                .should().callMethod(JsonProvider.class, "provider")
                .because("each call looks the JSON provider up again; use JsonBuilders.PROVIDER")
                .check(CompiledApplication.classes());
    }
}
