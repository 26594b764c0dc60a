package io.embedded.gateway.origin;

import java.util.Optional;
import java.util.regex.Pattern;

/** Rules for browser origins, shared by startup validation and request handling. */
public final class Origins {

    // Lower case only: browsers serialise the Origin header in lower case, so a mixed-case entry could never match.
    private static final Pattern ORIGIN = Pattern.compile(
            "^(https?)://(\\[[0-9a-f:.]+\\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:([0-9]{1,5}))?$");

    private Origins() {
    }

    /** Why {@code value} is not a valid origin, or empty when it is. */
    public static Optional<String> problemWith(String value) {
        if (value.contains("*")) {
            return Optional.of("must not contain a wildcard: list every frontend origin explicitly");
        }
        if (value.endsWith("/")) {
            return Optional.of("must not end with a slash: browsers send origins as scheme://host[:port]");
        }
        if (!value.equals(value.toLowerCase(java.util.Locale.ROOT))) {
            return Optional.of("must be lower case, as browsers send it");
        }
        var matcher = ORIGIN.matcher(value);
        if (!matcher.matches()) {
            return Optional.of("must be scheme://host[:port] with scheme http or https and no path, query or fragment");
        }
        String port = matcher.group(7);
        if (port != null) {
            int number = Integer.parseInt(port);
            if (number < 1 || number > 65535) {
                return Optional.of("must have a port between 1 and 65535");
            }
            if (("https".equals(matcher.group(1)) && number == 443) || ("http".equals(matcher.group(1)) && number == 80)) {
                return Optional.of("must not name the scheme's default port: browsers omit it from the Origin header");
            }
        }
        return Optional.empty();
    }
}
