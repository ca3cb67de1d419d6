package io.surewire.security.boundary;

import io.surewire.platform.SurewireConfig;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.Extension;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Fails the deployment, and says why in the server log, when security is on without a usable
 * secret: checked while the container validates the deployment, before any bean, timer or endpoint
 * of Surewire starts.
 */
public class SecuritySettings implements Extension {

    void check(@Observes AfterDeploymentValidation validation) {
        Config config = ConfigProvider.getConfig();
        boolean enabled = config.getOptionalValue("surewire.security.enabled", Boolean.class)
                .orElse(Boolean.parseBoolean(SurewireConfig.SECURITY_ENABLED_BY_DEFAULT));
        Optional<String> secret = config.getOptionalValue("surewire.security.jwt.secret", String.class);
        Security.problem(enabled, secret).ifPresent(problem -> validation.addDeploymentProblem(new IllegalStateException(problem)));
    }
}
