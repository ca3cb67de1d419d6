package io.surewire.it.hooks;

import io.surewire.security.boundary.Access;
import io.surewire.demo.boundary.Seeder;
import jakarta.inject.Inject;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;

/** Test-only: seeds a day's board as a node does at startup, so that tests can start several at once. */
@Access(Access.Need.OPEN)
@Path("it/seed")
public class SeedHooks {

    @Inject
    Seeder seeder;

    @POST
    public Response seed(@QueryParam("date") String date) {
        return Response.ok("{\"added\":" + seeder.seed(LocalDate.parse(date)) + "}").build();
    }
}
