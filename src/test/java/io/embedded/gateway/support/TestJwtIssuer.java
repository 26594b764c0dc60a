package io.embedded.gateway.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * A partner identity provider for tests: RSA keys generated here, a JWKS served on loopback, and JWTs signed (or
 * deliberately mis-signed) on demand. No network, no Docker. Every token minted is appended to
 * {@value #MINTED_LOG} so that {@code LogHygieneIT} can search all logs for it.
 */
public final class TestJwtIssuer implements AutoCloseable {

    public static final String ISSUER = "https://idp.partner.example/";
    public static final String AUDIENCE = "airbyte-embedded-gateway";
    public static final String MINTED_LOG = "target/test-jwts/minted.txt";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final AtomicInteger jwksRequests = new AtomicInteger();
    private final List<Long> jwksArrivals = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<JwksRequest> jwksAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger jwksInFlight = new AtomicInteger();
    private final AtomicInteger jwksMostInFlight = new AtomicInteger();
    private volatile boolean failing;
    private volatile Duration delay = Duration.ZERO;
    private volatile CountDownLatch held = new CountDownLatch(0);
    private final List<NamedKey> published = new ArrayList<>();
    private volatile NamedKey signing;
    private int generation;

    private TestJwtIssuer(HttpServer server) {
        this.server = server;
    }

    /** Starts the JWKS endpoint on a free loopback port with one published signing key. */
    public static TestJwtIssuer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            TestJwtIssuer issuer = new TestJwtIssuer(server);
            issuer.rotate();
            server.createContext("/jwks", exchange -> {
                long arrived = System.nanoTime();
                issuer.jwksRequests.incrementAndGet();
                issuer.jwksArrivals.add(arrived);
                issuer.jwksMostInFlight.accumulateAndGet(issuer.jwksInFlight.incrementAndGet(), Math::max);
                try {
                    pause(issuer.delay);
                    awaitRelease(issuer.held);
                    if (issuer.failing) {
                        // Taken before the answer leaves: the gateway cannot see the failure any earlier.
                        issuer.jwksAnswers.add(new JwksRequest(arrived, System.nanoTime(), true));
                        exchange.sendResponseHeaders(503, -1);
                        exchange.close();
                        return;
                    }
                } finally {
                    issuer.jwksInFlight.decrementAndGet();
                }
                byte[] body = issuer.jwks().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                issuer.jwksAnswers.add(new JwksRequest(arrived, System.nanoTime(), false));
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            // Several threads, so that concurrent fetches (if the gateway ever made them) would all be served and counted.
            server.setExecutor(Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "test-jwks");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return issuer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Plain http, which the gateway accepts for loopback hosts only (IdentitySettingsTest). */
    public String jwksUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks";
    }

    /**
     * One JWKS request as the endpoint saw it, on {@link System#nanoTime()}: when it arrived, the moment before its
     * answer was sent, and whether that answer was a failure (503).
     */
    public record JwksRequest(long arrivedNanos, long answeredNanos, boolean failed) {
    }

    /** When each JWKS request arrived ({@link System#nanoTime()}), answered or not. */
    public List<Long> jwksArrivalsNanos() {
        return List.copyOf(jwksArrivals);
    }

    /** Every JWKS request answered so far, in the order the answers were sent. */
    public List<JwksRequest> jwksAnswered() {
        return List.copyOf(jwksAnswers);
    }

    /** How often the gateway fetched the JWKS. */
    public int jwksRequests() {
        return jwksRequests.get();
    }

    /** The most JWKS requests the gateway ever had open at once. */
    public int mostConcurrentJwksRequests() {
        return jwksMostInFlight.get();
    }

    /** An outage: from now on the JWKS endpoint answers 503 (or, with {@code false}, serves the keys again). */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    /** A slow identity provider: every JWKS answer waits this long first. */
    public void delay(Duration delay) {
        this.delay = delay;
    }

    /** Holds every JWKS answer until {@link #release()}: a fetch stays in flight for as long as a test needs. */
    public void hold() {
        held = new CountDownLatch(1);
    }

    /** Lets held JWKS answers go. */
    public void release() {
        held.countDown();
    }

    /** Key rotation: a new key (new {@code kid}) signs from now on and replaces the old one in the JWKS. */
    public synchronized void rotate() {
        NamedKey next = new NamedKey("key-" + (++generation), generate());
        published.clear();
        published.add(next);
        signing = next;
    }

    /** Valid claims for {@code subject}: issuer, audience, issued now, expiring in five minutes. */
    public static Map<String, Object> claims(String subject) {
        Map<String, Object> claims = new LinkedHashMap<>();
        long now = Instant.now().getEpochSecond();
        claims.put("iss", ISSUER);
        claims.put("aud", AUDIENCE);
        claims.put("sub", subject);
        claims.put("iat", now);
        claims.put("exp", now + 300);
        return claims;
    }

    /** A token for {@code subject} signed with the published key. */
    public String token(String subject) {
        return sign(claims(subject));
    }

    /** {@code claims} signed with the published key. */
    public String sign(Map<String, Object> claims) {
        NamedKey key = signing;
        return sign(Map.of("alg", "RS256", "typ", "JWT", "kid", key.kid()), claims, key.pair());
    }

    /** {@code claims} signed with a key the issuer never published, under {@code kid}. */
    public String signWithForeignKey(Map<String, Object> claims, String kid) {
        return sign(Map.of("alg", "RS256", "typ", "JWT", "kid", kid), claims, generate());
    }

    /** The kid of the published key, to forge tokens under it. */
    public String currentKid() {
        return signing.kid();
    }

    /** An unsigned token ({@code alg: none}). */
    public String unsigned(Map<String, Object> claims) {
        String token = encode(Map.of("alg", "none", "typ", "JWT")) + "." + encode(claims) + ".";
        return record(token);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private String sign(Map<String, Object> header, Map<String, Object> claims, KeyPair pair) {
        try {
            String input = encode(header) + "." + encode(claims);
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(pair.getPrivate());
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return record(input + "." + base64(rsa.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private synchronized String jwks() {
        List<Map<String, String>> keys = new ArrayList<>();
        for (NamedKey key : published) {
            RSAPublicKey rsa = (RSAPublicKey) key.pair().getPublic();
            keys.add(Map.of("kty", "RSA", "use", "sig", "alg", "RS256", "kid", key.kid(),
                    "n", base64(unsigned(rsa.getModulus())), "e", base64(unsigned(rsa.getPublicExponent()))));
        }
        try {
            return JSON.writeValueAsString(Map.of("keys", keys));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void pause(Duration delay) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitRelease(CountDownLatch latch) {
        try {
            // Bounded, so that a test that forgets to release cannot hang the server's threads for ever.
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String record(String token) {
        try {
            Path log = Path.of(MINTED_LOG);
            Files.createDirectories(log.getParent());
            Files.writeString(log, token + System.lineSeparator(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return token;
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String encode(Map<String, Object> json) {
        try {
            return base64(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private record NamedKey(String kid, KeyPair pair) {
    }
}
