package io.surewire.ops.boundary;

import io.surewire.ops.control.Probe;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;

/** Every {@link Probe} of the application. */
@ApplicationScoped
public class Probes {

    @Inject
    @Any
    Instance<Probe> probes;

    public List<Probe> all() {
        return probes.stream().toList();
    }
}
