package io.embedded.gateway.rest;

import io.quarkus.test.junit.DisabledOnIntegrationTest;
import io.quarkus.test.junit.DisabledOnIntegrationTest.ArtifactType;
import io.quarkus.test.junit.QuarkusIntegrationTest;

/**
 * The whole of {@link WidgetTokenApiTest} against the native executable, where serialisation and reflection can differ from the
 * JVM. On the jar, which runs the same bytecode as the {@code @QuarkusTest}, {@link PackagedApiIT} covers each endpoint
 * once instead.
 */
@QuarkusIntegrationTest
@DisabledOnIntegrationTest(forArtifactTypes = ArtifactType.JAR, value = "the @QuarkusTest runs this bytecode; PackagedApiIT covers the jar")
class WidgetTokenApiIT extends WidgetTokenApiTest {
}
