package io.embedded.gateway.support;

import java.util.Map;

/**
 * The stand-in plus three frontends with different source-template filters: {@link #ORIGIN} has none (every template),
 * {@link #SECOND_ORIGIN} offers templates tagged crm and pro ({@code all}), {@link #CRM_ORIGIN} those tagged crm or
 * database ({@code any}). Fault-tolerance numbers for the source operations are shrunk as for the token ones.
 */
public class SourcesStandInResource extends AirbyteStandInResource {

    public static final String CRM_ORIGIN = "https://crm.partner.example";
    /** Sent inside configurations by the tests; distinctive so that LogHygieneIT can search every log for it. */
    public static final String SECRET_VALUE = "sEcReT-sOuRcE-vAlUe-5e8d2a";

    public static final String CREATE_SOURCE = "io.embedded.gateway.client.AirbyteApiClient/createSource";
    static final String[] SOURCE_OPERATIONS = { CREATE_SOURCE, "io.embedded.gateway.client.AirbyteApiClient/listSources",
            "io.embedded.gateway.client.AirbyteApiClient/listSourceTemplates",
            "io.embedded.gateway.client.AirbyteApiClient/getSourceTemplate",
            "io.embedded.gateway.client.AirbyteApiClient/createScopedToken" };

    @Override
    public Map<String, String> start() {
        Map<String, String> config = super.start();
        config.put("gateway.allowed-origins", ORIGIN + "," + SECOND_ORIGIN + "," + CRM_ORIGIN);
        config.put(frontend(SECOND_ORIGIN, "source-template-tags"), "crm,pro");
        config.put(frontend(SECOND_ORIGIN, "source-template-tags-mode"), "all");
        config.put(frontend(CRM_ORIGIN, "source-template-tags"), "crm,database");
        config.put(frontend(CRM_ORIGIN, "source-template-tags-mode"), "any");
        for (String operation : SOURCE_OPERATIONS) {
            config.put(ft(operation, "retry.delay"), "10");
            config.put(ft(operation, "retry.jitter"), "0");
            config.put(ft(operation, "circuit-breaker.request-volume-threshold"), "1000");
        }
        return config;
    }

    private static String frontend(String origin, String property) {
        return "gateway.frontends.\"" + origin + "\"." + property;
    }
}
