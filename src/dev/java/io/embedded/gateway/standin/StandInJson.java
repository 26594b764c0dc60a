package io.embedded.gateway.standin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON every part of the stand-in shares: reading bodies, building objects, and answers in Airbyte's shapes. */
final class StandInJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private StandInJson() {
    }

    /** An ordered map of alternating keys and values (nulls allowed, unlike {@code Map.of}). */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** {@code text} as a JSON object, or null when it is not one. */
    static JsonNode object(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a stand-in answer", e);
        }
    }

    static StandInAnswer answer(int status, Object body) {
        return StandInAnswer.json(status, bytes(body));
    }

    /** An error in the shape Airbyte declares ({@code ApiErrorResponse}); clients must tolerate others too. */
    static StandInAnswer error(int status, String message) {
        return answer(status, map("message", message, "errors", List.of()));
    }

    /** FastAPI's 422 for the {@code fields} missing or blank in {@code body}, or null when all are there. */
    static StandInAnswer requireFields(JsonNode body, String... fields) {
        List<Map<String, Object>> missing = new ArrayList<>();
        for (String field : fields) {
            if (body == null || !body.path(field).isTextual() || body.path(field).asText().isBlank()) {
                missing.add(map("loc", List.of("body", field), "msg", "field required", "type", "value_error.missing"));
            }
        }
        return missing.isEmpty() ? null : answer(422, map("detail", missing));
    }
}
