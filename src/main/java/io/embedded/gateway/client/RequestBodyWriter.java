package io.embedded.gateway.client;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

import jakarta.inject.Singleton;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Writes the bodies sent to Airbyte as JSON with the application's mapper. The REST client's own Jackson writer does the
 * same, but first re-reads the called method's parameter annotations on every call, looking for a JSON view none of
 * ours has: 2 % of the gateway's CPU per widget token (docs/performance.md).
 */
@Singleton
@Produces(MediaType.APPLICATION_JSON)
class RequestBodyWriter implements MessageBodyWriter<AirbyteRequestBody> {

    private final ObjectWriter json;

    RequestBodyWriter(ObjectMapper json) {
        this.json = json.writer();
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return AirbyteRequestBody.class.isAssignableFrom(type);
    }

    @Override
    public void writeTo(AirbyteRequestBody body, Class<?> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, Object> headers, OutputStream entityStream) throws IOException {
        // Whole, in one write, as the REST client's writer does; and the stream stays open for the client to finish.
        entityStream.write(json.writeValueAsBytes(body));
    }
}
