package io.embedded.gateway.tools;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * A lean Airbyte stand-in for the benchmark (bench/run.sh): only the two calls of the widget-token flow, written to the
 * same contract as the WireMock stand-in (docs/airbyte-contract.md) but on bare Vert.x, so that it is not the
 * bottleneck. Operator tokens expire and are checked; widget tokens are base64 JSON {token, widgetUrl} whose inner JWT
 * carries the workspace scope and exp. {@code GET /__bench/stats} reports how many calls of each kind it answered;
 * {@code POST /__bench/latency?ms=N} sets the latency added to every Airbyte answer (a timer, not a blocked thread).
 *
 * <p>
 * Arguments: port clientIds clientSecret [eventLoops=1] [latencyMillis=0] [tokenLifetimeSeconds=900]; clientIds is a
 * comma-separated list sharing the secret, so that the benchmark's own direct calls fetch tokens under another name.
 */
public final class LeanStandInMain {

    static final String OPERATOR_TOKEN_PATH = "/api/v1/account/applications/token";
    static final java.util.Set<String> WIDGET_TOKEN_PATHS = java.util.Set.of("/api/v1/account/applications/widget-token",
            "/api/v1/embedded/widget-token");

    private LeanStandInMain() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int eventLoops = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        long latencyMillis = args.length > 4 ? Long.parseLong(args[4]) : 0;
        long lifetimeSeconds = args.length > 5 ? Long.parseLong(args[5]) : 900;
        State state = new State(args[1], args[2], latencyMillis, lifetimeSeconds, "http://127.0.0.1:" + port);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
        vertx.deployVerticle(() -> new Server(state, port), new DeploymentOptions().setInstances(eventLoops))
                .onSuccess(id -> System.out.println("lean stand-in ready at " + state.baseUrl + " with " + eventLoops
                        + " event loop(s), " + latencyMillis + " ms added latency"))
                .onFailure(failure -> {
                    failure.printStackTrace();
                    System.exit(1);
                });
    }

    /** What every event loop shares: credentials, issued tokens and call counters. */
    static final class State {
        final java.util.Set<String> clientIds;
        final String clientSecret;
        volatile long latencyMillis;
        final long lifetimeSeconds;
        final String baseUrl;
        final Map<String, Instant> operatorTokens = new ConcurrentHashMap<>();
        final LongAdder operatorTokenCalls = new LongAdder();
        final LongAdder widgetTokenCalls = new LongAdder();
        final LongAdder rejectedCalls = new LongAdder();
        /** When each operator token was issued, by client id: the benchmark checks one per token lifetime. */
        final Map<String, java.util.Queue<Long>> tokensIssued = new ConcurrentHashMap<>();
        final byte[] signingKey = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);

        State(String clientId, String clientSecret, long latencyMillis, long lifetimeSeconds, String baseUrl) {
            this.clientIds = java.util.Set.of(clientId.split(","));
            this.clientSecret = clientSecret;
            this.latencyMillis = latencyMillis;
            this.lifetimeSeconds = lifetimeSeconds;
            this.baseUrl = baseUrl;
        }
    }

    /** One event loop's HTTP server; all instances share the port. */
    static final class Server extends AbstractVerticle {
        private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();
        private static final String JWT_HEADER = URL
                .encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));

        private final State state;
        private final int port;
        private Mac mac;

        Server(State state, int port) {
            this.state = state;
            this.port = port;
        }

        @Override
        public void start(io.vertx.core.Promise<Void> started) throws GeneralSecurityException {
            // One Mac per event loop: a Mac is not thread-safe, and creating one per request would cost more than signing.
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(state.signingKey, "HmacSHA256"));
            vertx.createHttpServer(new HttpServerOptions().setPort(port).setHost("127.0.0.1").setTcpNoDelay(true))
                    .requestHandler(request -> request.body().onSuccess(body -> answer(request, body)))
                    .listen().<Void> mapEmpty().onComplete(started);
        }

        private void answer(HttpServerRequest request, Buffer body) {
            String path = request.path();
            if (request.method().name().equals("GET") && path.equals("/__bench/stats")) {
                send(request, 200, new JsonObject().put("operatorTokenCalls", state.operatorTokenCalls.sum())
                        .put("widgetTokenCalls", state.widgetTokenCalls.sum())
                        .put("rejectedCalls", state.rejectedCalls.sum()).put("tokensIssued", issued()).encode());
            } else if (request.method().name().equals("POST") && path.equals("/__bench/latency")) {
                // The benchmark runs scenarios with and without an Airbyte-like latency against one process.
                state.latencyMillis = Long.parseLong(request.getParam("ms", "0"));
                send(request, 200, "{\"latencyMillis\":" + state.latencyMillis + "}");
            } else if (!request.method().name().equals("POST")) {
                send(request, 405, "{\"detail\":\"Method Not Allowed\"}");
            } else if (path.equals(OPERATOR_TOKEN_PATH)) {
                state.operatorTokenCalls.increment();
                respond(request, operatorToken(parse(body)));
            } else if (WIDGET_TOKEN_PATHS.contains(path)) {
                state.widgetTokenCalls.increment();
                respond(request, authorized(request) ? widgetToken(parse(body))
                        : new Answer(401, "{\"detail\":\"Invalid authentication credentials\"}"));
            } else {
                send(request, 404, "{\"detail\":\"Not Found\"}");
            }
        }

        private Answer operatorToken(JsonObject body) {
            Object clientId = body == null ? null : body.getValue("client_id");
            if (!state.clientIds.contains(clientId)
                    || !state.clientSecret.equals(body.getValue("client_secret"))) {
                return new Answer(403, "{\"detail\":\"Invalid client credentials\"}");
            }
            Instant expiresAt = Instant.now().plusSeconds(state.lifetimeSeconds);
            String token = sign(new JsonObject().put("iss", state.baseUrl).put("typ", "io.airbyte.auth.application")
                    .put("jti", UUID.randomUUID().toString()).put("exp", expiresAt.getEpochSecond()));
            state.operatorTokens.put(token, expiresAt);
            state.tokensIssued.computeIfAbsent((String) clientId, id -> new java.util.concurrent.ConcurrentLinkedQueue<>())
                    .add(System.currentTimeMillis());
            return new Answer(200, new JsonObject().put("access_token", token).put("token_type", "bearer")
                    .put("expires_in", state.lifetimeSeconds).put("organization_id", "bench-organization").encode());
        }

        private Answer widgetToken(JsonObject body) {
            String workspaceName = body == null ? null : body.getValue("workspace_name") instanceof String s ? s : null;
            String origin = body == null ? null : body.getValue("allowed_origin") instanceof String s ? s : null;
            if (workspaceName == null || workspaceName.isBlank() || origin == null || origin.isBlank()) {
                return new Answer(422, "{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"field required\"}]}");
            }
            // Get-or-create by name, as Airbyte does: the same name always yields the same workspace id.
            String workspaceId = UUID.nameUUIDFromBytes(("workspace:" + workspaceName).getBytes(StandardCharsets.UTF_8))
                    .toString();
            String inner = sign(new JsonObject().put("aud", "airbyte-server").put("iss", state.baseUrl)
                    .put("io.airbyte.auth.workspace_scope", new JsonObject().put("workspaceId", workspaceId))
                    .put("roles", new io.vertx.core.json.JsonArray().add("EMBEDDED_END_USER"))
                    .put("typ", "io.airbyte.auth.embedded_v1").put("exp", Instant.now().plusSeconds(900).getEpochSecond()));
            String widgetUrl = state.baseUrl + "/embedded-widget?workspaceId=" + workspaceId + "&allowedOrigin="
                    + java.net.URLEncoder.encode(origin, StandardCharsets.UTF_8);
            String payload = new JsonObject().put("token", inner).put("widgetUrl", widgetUrl).encode();
            return new Answer(200, new JsonObject()
                    .put("token", Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8))).encode());
        }

        private JsonObject issued() {
            JsonObject issued = new JsonObject();
            state.tokensIssued
                    .forEach((client, times) -> issued.put(client, new io.vertx.core.json.JsonArray(List.copyOf(times))));
            return issued;
        }

        private boolean authorized(HttpServerRequest request) {
            String header = request.getHeader("Authorization");
            Instant expiresAt = header != null && header.startsWith("Bearer ")
                    ? state.operatorTokens.get(header.substring("Bearer ".length()))
                    : null;
            boolean valid = expiresAt != null && expiresAt.isAfter(Instant.now());
            if (!valid) {
                state.rejectedCalls.increment();
            }
            return valid;
        }

        private String sign(JsonObject claims) {
            String signingInput = JWT_HEADER + "." + URL.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8));
            byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(signature);
        }

        private void respond(HttpServerRequest request, Answer answer) {
            long latency = state.latencyMillis;
            if (latency > 0) {
                vertx.setTimer(latency, timer -> send(request, answer.status, answer.body));
            } else {
                send(request, answer.status, answer.body);
            }
        }

        private static void send(HttpServerRequest request, int status, String body) {
            request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body);
        }

        private static JsonObject parse(Buffer body) {
            try {
                return body.length() == 0 ? null : body.toJsonObject();
            } catch (DecodeException notJson) {
                return null;
            }
        }

        private record Answer(int status, String body) {
        }
    }
}
