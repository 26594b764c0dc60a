package io.embedded.gateway.support;

import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts a {@link TestJwtIssuer} and configures {@code gateway.identity.jwt.*} for it. Combine with
 * {@link AirbyteStandInResource} given {@code identity-mode=jwt}. initArgs: {@code tenant-claim},
 * {@code workspace-template}, {@code jwks-timeout}, and {@code failing=true} for an identity provider that is down when
 * the gateway starts.
 */
public class JwtIssuerResource implements QuarkusTestResourceLifecycleManager {

    private TestJwtIssuer issuer;
    private Map<String, String> initArgs = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        this.initArgs = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        issuer = TestJwtIssuer.start();
        issuer.failing(Boolean.parseBoolean(initArgs.get("failing")));
        Map<String, String> config = new HashMap<>();
        config.put("gateway.identity.jwt.issuer", TestJwtIssuer.ISSUER);
        config.put("gateway.identity.jwt.audience", TestJwtIssuer.AUDIENCE);
        config.put("gateway.identity.jwt.jwks-url", issuer.jwksUrl());
        config.put("gateway.identity.jwt.clock-skew", "5s");
        // Tests rotate keys and forge key ids back to back; production keeps the minimum interval.
        config.put("gateway.identity.jwt.jwks-forced-refresh-interval", "0s");
        if (initArgs.containsKey("jwks-timeout")) {
            config.put("gateway.identity.jwt.jwks-timeout", initArgs.get("jwks-timeout"));
        }
        if (initArgs.containsKey("tenant-claim")) {
            config.put("gateway.identity.jwt.tenant-claim", initArgs.get("tenant-claim"));
        }
        if (initArgs.containsKey("workspace-template")) {
            config.put("gateway.identity.workspace-template", initArgs.get("workspace-template"));
        }
        return config;
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(issuer, new TestInjector.AnnotatedAndMatchesType(InjectJwtIssuer.class, TestJwtIssuer.class));
    }

    @Override
    public void stop() {
        if (issuer != null) {
            issuer.close();
        }
    }
}
