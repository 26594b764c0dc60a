package io.embedded.gateway.standin;

import java.util.Optional;
import java.util.UUID;

/**
 * Airbyte's API as the stand-in speaks it, written to {@code docs/airbyte-contract.md}: routes each request to the
 * part that answers it (operator tokens, widget and scoped tokens, templates, sources, the widget page), unless random
 * faults are on and one replaces the answer.
 */
final class StandInApi {

    private final StandInSettings settings;
    private final StandInWorkspaces workspaces = new StandInWorkspaces();
    private final StandInOperatorTokens operatorTokens;
    private final StandInEmbeddedTokens embeddedTokens;
    private final StandInTemplates templates = new StandInTemplates();
    private final StandInSources sources = new StandInSources(templates, workspaces);
    private final StandInWidgetPage widgetPage;

    StandInApi(StandInOptions options, StandInSettings settings, StandInStats stats) {
        this.settings = settings;
        // One application user: the subject of its operator tokens and of the embedded tokens minted with them.
        String applicationUserId = UUID.randomUUID().toString();
        this.operatorTokens = new StandInOperatorTokens(options, applicationUserId, settings, stats);
        this.embeddedTokens = new StandInEmbeddedTokens(applicationUserId, settings, workspaces);
        this.widgetPage = new StandInWidgetPage(embeddedTokens, workspaces, sources);
    }

    StandInAnswer answer(StandInRequest request) {
        Optional<StandInAnswer> fault = settings.chaos.maybeFault();
        if (fault.isPresent()) {
            return fault.get();
        }
        String method = request.method();
        String path = request.path();
        if (StandInWidgetPage.serves(path)) {
            return widgetPage.answer(request);
        }
        return switch (method + " " + path) {
            case "POST " + StandInOperatorTokens.PATH, "POST " + StandInOperatorTokens.LEGACY_PATH ->
                operatorTokens.exchange(request);
            case "POST " + StandInEmbeddedTokens.WIDGET_TOKEN_PATH, "POST " + StandInEmbeddedTokens.LEGACY_WIDGET_TOKEN_PATH ->
                operatorTokens.authorized(request, () -> embeddedTokens.widgetToken(request));
            case "POST " + StandInEmbeddedTokens.SCOPED_TOKEN_PATH, "POST " + StandInEmbeddedTokens.LEGACY_SCOPED_TOKEN_PATH ->
                operatorTokens.authorized(request, () -> embeddedTokens.scopedToken(request));
            default -> {
                if (StandInTemplates.serves(method, path)) {
                    yield operatorTokens.authorized(request, () -> templates.answer(request));
                }
                if (StandInSources.serves(method, path)) {
                    yield operatorTokens.authorized(request, () -> sources.answer(request));
                }
                yield StandInJson.error(404, "Not Found");
            }
        };
    }

    StandInWorkspaces workspaces() {
        return workspaces;
    }

    StandInSources sources() {
        return sources;
    }

    StandInOperatorTokens operatorTokens() {
        return operatorTokens;
    }

    /** Forgets sources and invalidates embedded tokens; operator tokens and workspaces stay, as they would at Airbyte. */
    void reset() {
        sources.reset();
        embeddedTokens.reset();
    }
}
