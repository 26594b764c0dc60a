package io.embedded.gateway.client;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.rest.client.reactive.Url;
import io.smallrye.mutiny.Uni;

/**
 * Raw HTTP access to Airbyte's API. Package-private: only {@link AirbyteApiClient} may call it, so fault tolerance and
 * error classification live in one place. Full URLs are passed per call because Airbyte's paths are configuration.
 * Bodies come back as text: Airbyte sometimes answers with HTML, and we want to classify that ourselves. Request bodies
 * go out as JSON bytes the caller has serialised.
 */
@RegisterRestClient(configKey = "airbyte-api")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface AirbyteApiRestClient {

    /** POST without a bearer (the operator token exchange). A null organization omits the header. */
    @POST
    Uni<String> post(@Url String url, @HeaderParam("X-Organization-Id") String organizationId, byte[] body);

    /** POST with the operator token as bearer. */
    @POST
    Uni<String> post(@Url String url, @HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Organization-Id") String organizationId, byte[] body);

    /** GET with the operator token as bearer. */
    @GET
    Uni<String> get(@Url String url, @HeaderParam("Authorization") String authorization,
            @HeaderParam("X-Organization-Id") String organizationId);

    /** Turns every upstream error status into our own exception; the upstream body is deliberately not read. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return UpstreamStatus.classify(response.getStatus(), response.getHeaderString("Retry-After"));
    }
}
