package io.embedded.gateway.errors;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.embedded.gateway.idempotency.IdempotentRequest;
import io.embedded.gateway.ratelimit.RateLimitHeaders;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Adds to every {@code /api/airbyte} operation, from the one catalogue ({@link ProblemType}), the problem responses
 * every such operation can give, with one example per problem type and {@code Retry-After} where it is sent, and the
 * bearer requirement. Resources declare only what is theirs (their success, 404, 422). Runs at build time.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class OpenApiProblemResponses implements OASFilter {

    static final String API_PREFIX = "/api/airbyte";
    static final String SECURITY_SCHEME = "bearer";

    /** What any caller-facing operation can answer, whatever it does. */
    static final Set<ProblemType> COMMON = EnumSet.of(ProblemType.INVALID_REQUEST, ProblemType.UNAUTHENTICATED,
            ProblemType.ORIGIN_NOT_ALLOWED, ProblemType.NOT_ACCEPTABLE, ProblemType.URI_TOO_LONG,
            ProblemType.RATE_LIMITED, ProblemType.HEADERS_TOO_LARGE, ProblemType.INTERNAL_ERROR,
            ProblemType.UPSTREAM_CREDENTIALS_REJECTED, ProblemType.UPSTREAM_ERROR, ProblemType.UPSTREAM_BAD_RESPONSE,
            ProblemType.UPSTREAM_RATE_LIMITED, ProblemType.UPSTREAM_CIRCUIT_OPEN, ProblemType.GATEWAY_BUSY,
            ProblemType.SHUTTING_DOWN, ProblemType.IDENTITY_PROVIDER_UNAVAILABLE, ProblemType.UPSTREAM_TIMEOUT);
    /** What operations with a request body can answer in addition. */
    static final Set<ProblemType> WITH_BODY = EnumSet.of(ProblemType.PAYLOAD_TOO_LARGE, ProblemType.UNSUPPORTED_MEDIA_TYPE);
    /** What operations that accept an {@code Idempotency-Key} can answer in addition. */
    static final Set<ProblemType> IDEMPOTENT = EnumSet.of(ProblemType.IDEMPOTENCY_KEY_IN_USE,
            ProblemType.IDEMPOTENCY_OUTCOME_UNKNOWN, ProblemType.IDEMPOTENCY_KEY_REUSED,
            ProblemType.IDEMPOTENCY_UNAVAILABLE);
    /** Statuses that carry {@code Retry-After}. */
    static final Set<Integer> RETRY_AFTER = Set.of(429, 503);

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith(API_PREFIX)) {
                item.getOperations().forEach((method, operation) -> describe(path, method, operation));
            }
        });
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation) {
        operation.setSecurity(List.of(OASFactory.createSecurityRequirement().addScheme(SECURITY_SCHEME)));
        Set<ProblemType> problems = EnumSet.copyOf(COMMON);
        if (method == PathItem.HttpMethod.POST) {
            problems.addAll(WITH_BODY);
        }
        if (operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(parameter -> IdempotentRequest.HEADER.equals(parameter.getName()))) {
            problems.addAll(IDEMPOTENT);
        }
        Map<Integer, List<ProblemType>> byStatus = problems.stream()
                .collect(Collectors.groupingBy(ProblemType::status, TreeMap::new, Collectors.toList()));
        byStatus.forEach((status, types) -> {
            String code = Integer.toString(status);
            APIResponse declared = operation.getResponses().getAPIResponse(code);
            APIResponse response = declared != null ? declared : OASFactory.createAPIResponse();
            if (response.getDescription() == null || response.getDescription().isBlank()) {
                response.setDescription(description(types));
            }
            if (response.getContent() == null) {
                response.setContent(content(path, types));
            } else {
                addExamples(response.getContent(), path, types);
            }
            if (RETRY_AFTER.contains(status)) {
                response.addHeader("Retry-After", OASFactory.createHeader()
                        .description("Seconds to wait before trying again")
                        .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                                .minimum(java.math.BigDecimal.ONE)));
            }
            operation.getResponses().addAPIResponse(code, response);
        });
        // Every answer past the identity check says what is left of the caller's limits (429 included).
        operation.getResponses().getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("2") || code.equals("429")) {
                response.addHeader(RateLimitHeaders.POLICY, header("The limits: \"identity\" (this caller's) and "
                        + "\"global\" (everyone's), each with its burst q and refill window w in seconds"));
                response.addHeader(RateLimitHeaders.STATE, header("What is left of each limit: r requests now, all of "
                        + "them again in t seconds"));
            }
        });
    }

    private static org.eclipse.microprofile.openapi.models.headers.Header header(String description) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    /** Adds the examples of {@code types} that a declared problem response does not have yet. */
    private static void addExamples(Content declared, String path, List<ProblemType> types) {
        MediaType media = declared.getMediaType(ProblemResponses.PROBLEM_JSON);
        if (media != null) {
            types.stream().filter(type -> media.getExamples() == null || !media.getExamples().containsKey(type.slug()))
                    .forEach(type -> media.addExample(type.slug(), example(path, type)));
        }
    }

    private static String description(List<ProblemType> types) {
        if (types.size() == 1) {
            return types.get(0).title();
        }
        List<String> lines = new ArrayList<>();
        for (ProblemType type : types) {
            lines.add("`" + type.slug() + "`: " + type.title());
        }
        return "One of: " + String.join("; ", lines);
    }

    private static Content content(String path, List<ProblemType> types) {
        MediaType media = OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/" + Problem.class.getSimpleName()));
        types.forEach(type -> media.addExample(type.slug(), example(path, type)));
        return OASFactory.createContent().addMediaType(ProblemResponses.PROBLEM_JSON, media);
    }

    /** The problem a {@code type} answer at {@code path} carries, with the type's default detail. */
    private static Example example(String path, ProblemType type) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.type());
        problem.put("title", type.title());
        problem.put("status", type.status());
        problem.put("detail", type.detail());
        problem.put("instance", path);
        return OASFactory.createExample().summary(type.title()).value(problem);
    }
}
