package io.embedded.gateway.rest;

import static io.embedded.gateway.support.AirbyteStandInResource.ORIGIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.embedded.gateway.standin.AirbyteStandIn;
import io.embedded.gateway.support.AirbyteStandInResource;
import io.embedded.gateway.support.InjectAirbyteStandIn;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** Airbyte's older widget-token path works by configuration alone. */
@QuarkusTest
@TestProfile(LegacyWidgetPathTest.LegacyPath.class)
@WithTestResource(AirbyteStandInResource.class)
class LegacyWidgetPathTest {

    static final String LEGACY_PATH = "/api/v1/embedded/widget-token";

    @InjectAirbyteStandIn
    AirbyteStandIn standIn;

    @Test
    void shouldMintThroughTheConfiguredPath() {
        standIn.reset();

        WidgetTokenApiTest.mint(ORIGIN, "legacy-user").statusCode(200);

        assertThat(standIn.calls(LEGACY_PATH)).isEqualTo(1);
        assertThat(standIn.widgetTokenCalls()).isZero();
    }

    /** Points the widget-token call at the legacy path. */
    public static class LegacyPath implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("airbyte.paths.widget-token", LEGACY_PATH);
        }
    }
}
