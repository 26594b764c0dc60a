package io.embedded.gateway.standin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One request the stand-in received, as its journal keeps it: method, path, raw query (empty when there is none),
 * headers (names case-insensitive) and body.
 */
public record StandInRequest(String method, String path, String query, Map<String, List<String>> headers, String body) {

    public StandInRequest {
        Map<String, List<String>> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> caseInsensitive.merge(name, List.copyOf(values), StandInRequest::concat));
        headers = Collections.unmodifiableMap(caseInsensitive);
        query = query == null ? "" : query;
        body = body == null ? "" : body;
    }

    /** The path and query as sent, such as {@code /api/v1/integrations/templates/sources?tags=crm}. */
    public String url() {
        return query.isEmpty() ? path : path + "?" + query;
    }

    /** The first value of the header {@code name}, or null when the request has none. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean hasHeader(String name) {
        return headers.containsKey(name);
    }

    /** The decoded values of the query parameter {@code name}, in order; empty when it is absent. */
    public List<String> queryParameter(String name) {
        List<String> values = new ArrayList<>();
        for (String pair : query.split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            if (!pair.isEmpty() && decode(nameAndValue[0]).equals(name)) {
                values.add(nameAndValue.length == 2 ? decode(nameAndValue[1]) : "");
            }
        }
        return values;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> both = new ArrayList<>(first);
        both.addAll(second);
        return List.copyOf(both);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
