package io.surewire.jobs.boundary;

import io.surewire.jobs.control.ExecutionSummary;
import io.surewire.jobs.control.FailureReport;
import io.surewire.jobs.control.JobName;
import io.surewire.platform.ApiError;
import io.surewire.platform.RequestBodies;
import io.surewire.platform.SurewireConfig;
import io.surewire.protocol.JsonBuilders;
import io.surewire.protocol.ServerFrames;
import io.surewire.security.boundary.Access;
import jakarta.inject.Inject;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The batch jobs over HTTP (PROTOCOL §6), for operators only: start a job, follow, stop and restart an
 * execution, list the latest ones, download a failure report.
 */
@Path("jobs")
@Produces(MediaType.APPLICATION_JSON)
public class JobsResource {

    /** Executions listed when the request names no {@code limit}. */
    static final int DEFAULT_LIMIT = 20;

    private static final String PARAMETERS = "of job parameters, e.g. {\"from\":\"2026-11-22T00:00:00Z\",\"to\":\"2026-11-23T00:00:00Z\"}";

    @Inject
    Jobs jobs;

    @Inject
    SurewireConfig config;

    @Context
    UriInfo uri;

    /** 202 {@code {"execution_id","job","status"}}; the body, optional, holds the job's parameters as strings. */
    @POST
    @Path("{job}")
    @Access(Access.Need.OPERATOR)
    public Response start(@PathParam("job") String job, InputStream body) {
        JobName name = JobName.of(job).orElseThrow(() -> new ApiError(404, "not_found", "there is no job " + job
                + "; the jobs are retention-purge and failure-report"));
        ExecutionSummary started = jobs.start(name, parameters(body));
        return accepted(started);
    }

    /**
     * The latest executions, newest first: {@code job} narrows them to one job, {@code limit} says how
     * many. An empty parameter is an absent one.
     */
    @GET
    @Path("executions")
    @Access(Access.Need.OPERATOR)
    public Response recent(@QueryParam("job") String job, @QueryParam("limit") String limit) {
        Optional<JobName> name = Optional.ofNullable(job).filter(id -> !id.isEmpty()).map(id -> JobName.of(id)
                .orElseThrow(() -> ApiError.badRequest("there is no job " + id)));
        JsonArrayBuilder executions = JsonBuilders.array();
        jobs.recent(name, limit(limit)).forEach(execution -> executions.add(json(execution)));
        return Response.ok(executions.build()).build();
    }

    @GET
    @Path("executions/{id}")
    @Access(Access.Need.OPERATOR)
    public JsonObject execution(@PathParam("id") long id) {
        return json(jobs.summary(id));
    }

    /** 202: the execution stops at its next checkpoint; 409 {@code not_running} when it has ended. */
    @POST
    @Path("executions/{id}/stop")
    @Access(Access.Need.OPERATOR)
    public Response stop(@PathParam("id") long id) {
        return accepted(jobs.stop(id));
    }

    /** 202 with the new execution, which goes on from the last checkpoint; 409 {@code not_restartable}. */
    @POST
    @Path("executions/{id}/restart")
    @Access(Access.Need.OPERATOR)
    public Response restart(@PathParam("id") long id) {
        return accepted(jobs.restart(id));
    }

    /** The CSV of a completed failure-report execution; 404 for any other execution. */
    @GET
    @Path("executions/{id}/report")
    @Produces("text/csv")
    @Access(Access.Need.OPERATOR)
    public Response report(@PathParam("id") long id) {
        return Response.ok(jobs.report(id).toFile(), "text/csv; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + FailureReport.fileName(id) + "\"")
                .build();
    }

    private Response accepted(ExecutionSummary execution) {
        JsonObject body = JsonBuilders.object()
                .add("execution_id", execution.executionId())
                .add("job", execution.job())
                .add("status", execution.status().name())
                .build();
        return Response.accepted(body)
                .location(uri.getBaseUriBuilder().path("jobs/executions/{id}").build(execution.executionId()))
                .build();
    }

    /** The body's parameters: none when it is empty, else a JSON object of strings. */
    private Map<String, String> parameters(InputStream body) {
        String text = RequestBodies.read(body, config.maxPayloadBytes());
        Map<String, String> parameters = new LinkedHashMap<>();
        if (text.isBlank()) {
            return parameters;
        }
        for (Map.Entry<String, JsonValue> parameter : RequestBodies.jsonObject(text, PARAMETERS).entrySet()) {
            if (!(parameter.getValue() instanceof JsonString value)) {
                throw ApiError.badRequest("the parameter " + parameter.getKey() + " must be a string");
            }
            parameters.put(parameter.getKey(), value.getString());
        }
        return parameters;
    }

    private int limit(String limit) {
        if (limit == null || limit.isEmpty()) {
            return Math.min(DEFAULT_LIMIT, config.jobsListMaxLimit());
        }
        try {
            int value = Integer.parseInt(limit);
            if (value >= 1 && value <= config.jobsListMaxLimit()) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        throw ApiError.badRequest("limit must be an integer from 1 to " + config.jobsListMaxLimit());
    }

    private static JsonObject json(ExecutionSummary execution) {
        JsonObjectBuilder json = JsonBuilders.object()
                .add("execution_id", execution.executionId())
                .add("job", execution.job())
                .add("status", execution.status().name());
        time(json, "start_time", execution.startTime());
        time(json, "end_time", execution.endTime());
        json.add("read", execution.read()).add("written", execution.written());
        if (execution.exitStatus() == null) {
            json.addNull("exit_status");
        } else {
            json.add("exit_status", execution.exitStatus());
        }
        return json.build();
    }

    private static void time(JsonObjectBuilder json, String name, Instant instant) {
        if (instant == null) {
            json.addNull(name);
        } else {
            json.add(name, ServerFrames.timestamp(instant));
        }
    }
}
