package io.embedded.gateway.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The packaged application serves its description too, and the build wrote it to disk for other teams. */
@QuarkusIntegrationTest
class OpenApiIT extends OpenApiTest {

    @Test
    void shouldWriteTheSpecAtBuildTime() throws Exception {
        Path spec = Path.of("target", "openapi", "openapi.json");
        assertThat(spec).exists();
        assertThat(Files.readString(spec)).contains("/api/airbyte/widget-token").contains("application/problem+json");
    }
}
