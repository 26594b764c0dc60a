package io.embedded.gateway.e2e;

import io.embedded.gateway.standin.AirbyteStandIn;

/**
 * What {@link BrowserE2eResource} set up around the packaged application: the Airbyte stand-in it talks to, the port
 * of the partner page on the one allowed origin, and a port for the same page on an origin the gateway does not allow.
 */
public record E2eEnvironment(AirbyteStandIn standIn, int partnerPort, int otherPort) {

    /** The gateway's only allowed origin. */
    public String partnerOrigin() {
        return "http://127.0.0.1:" + partnerPort;
    }

    /** The stand-in's widget loader script, the stand-in for the widget package on a CDN. */
    public String loaderUrl() {
        return standIn.baseUrl() + "/embedded-widget/airbyte-embedded-widget.js";
    }
}
