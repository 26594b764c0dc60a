package io.embedded.gateway.client;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.quarkus.rest.client.reactive.jackson.ClientObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;

/**
 * Airbyte's API as we use it, one typed method per operation (paths as in Airbyte's Agent API, relative to
 * {@code airbyte.api-url}). Package-private: only {@link AirbyteApiClient} calls it, so fault tolerance and error
 * classification live in one place. Answers are read leniently, since Airbyte keeps adding fields; what we need from
 * them is checked by {@link AirbyteAnswers}. A {@code null} organization omits its header.
 */
@RegisterRestClient(configKey = "airbyte-api")
@RegisterProvider(RequestBodyWriter.class)
@Path("/api/v1")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
interface AirbyteApi {

    String ORGANIZATION = "X-Organization-Id";

    @POST
    @Path("/account/applications/token")
    Uni<OperatorTokenAnswer> issueOperatorToken(@HeaderParam(ORGANIZATION) String organizationId,
            OperatorTokenRequest credentials);

    @POST
    @Path("/account/applications/widget-token")
    Uni<TokenAnswer> createWidgetToken(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
            @HeaderParam(ORGANIZATION) String organizationId, WidgetTokenRequest request);

    @POST
    @Path("/account/applications/scoped-token")
    Uni<TokenAnswer> createScopedToken(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
            @HeaderParam(ORGANIZATION) String organizationId, ScopedTokenRequest request);

    /** Without {@code tags}, every template; {@code tagsMode} is {@code any} or {@code all}. */
    @GET
    @Path("/integrations/templates/sources")
    Uni<Listing> listSourceTemplates(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
            @HeaderParam(ORGANIZATION) String organizationId, @RestQuery List<String> tags,
            @RestQuery("tags_mode") String tagsMode);

    @GET
    @Path("/integrations/templates/sources/{id}")
    Uni<JsonNode> getSourceTemplate(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
            @HeaderParam(ORGANIZATION) String organizationId, @RestPath String id);

    /** Airbyte calls sources connectors. */
    @POST
    @Path("/integrations/connectors")
    Uni<JsonNode> createSource(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
            @HeaderParam(ORGANIZATION) String organizationId, CreateSourceRequest request);

    @GET
    @Path("/integrations/connectors")
    Uni<Listing> listSources(@HeaderParam(HttpHeaders.AUTHORIZATION) String bearer,
            @HeaderParam(ORGANIZATION) String organizationId, @RestQuery("workspace_name") String workspaceName);

    /** Turns every upstream error status into our own exception; the upstream body is deliberately not read. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        return UpstreamStatus.classify(response.getStatus(), response.getHeaderString("Retry-After"));
    }

    /** Airbyte's answers, read leniently: the gateway's own mapper rejects unknown fields in callers' requests. */
    @ClientObjectMapper
    static ObjectMapper lenient(ObjectMapper gatewayMapper) {
        return gatewayMapper.copy().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The operator-token exchange's answer; {@code expires_in} in seconds. */
    @RegisterForReflection
    record OperatorTokenAnswer(@JsonProperty("access_token") String accessToken,
            @JsonProperty("expires_in") JsonNode expiresIn) {

        @Override
        public String toString() {
            return "OperatorTokenAnswer[expiresIn=" + expiresIn + ", accessToken=<redacted>]";
        }
    }

    /** A minted widget or scoped token. */
    @RegisterForReflection
    record TokenAnswer(String token) {

        @Override
        public String toString() {
            return "TokenAnswer[token=<redacted>]";
        }
    }

    /** A list answer; its items are read by the feature that asked (sources, templates). */
    @RegisterForReflection
    record Listing(List<JsonNode> data) {
    }
}
