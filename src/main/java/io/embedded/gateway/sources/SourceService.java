package io.embedded.gateway.sources;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.embedded.gateway.client.AirbyteApiClient;
import io.embedded.gateway.client.AirbyteException;
import io.embedded.gateway.client.CreateSourceRequest;
import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.origin.FrontendOrigin;
import io.embedded.gateway.ratelimit.RateLimitedException;
import io.embedded.gateway.token.OperatorTokenService;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;

/** Creates and lists sources in the caller's own workspace. A configuration is validated before Airbyte sees it. */
@ApplicationScoped
public class SourceService {

    private final OperatorTokenService operatorTokens;
    private final AirbyteApiClient airbyte;
    private final SourceTemplates templates;
    private final ConfigurationValidator validator;
    private final Workspaces workspaces;

    SourceService(OperatorTokenService operatorTokens, AirbyteApiClient airbyte, SourceTemplates templates,
            ConfigurationValidator validator, Workspaces workspaces) {
        this.operatorTokens = operatorTokens;
        this.airbyte = airbyte;
        this.templates = templates;
        this.validator = validator;
        this.workspaces = workspaces;
    }

    /**
     * Creates a source from a template the frontend may offer, in the caller's workspace, provisioned first if this
     * instance has not seen it exist. An invalid configuration fails with {@link ConfigurationInvalidException} and no
     * create call.
     */
    public Uni<Source> create(CallerIdentity caller, FrontendOrigin origin, String templateId, String name,
            JsonNode configuration) {
        return templates.get(origin, templateId).chain(template -> {
            List<FieldProblem> problems = validator.problems(template, configuration);
            if (!problems.isEmpty()) {
                // Pointers only: the values may be secrets.
                Log.debugf("Refused a configuration for template %s with %d problem(s)", template.id(), problems.size());
                return Uni.createFrom().failure(new ConfigurationInvalidException(problems));
            }
            ObjectNode config = (ObjectNode) configuration;
            var request = new CreateSourceRequest(caller.workspaceName(), template.id(), name,
                    template.isDirect() ? null : config, template.isDirect() ? config : null);
            String workspace = caller.workspaceName();
            return workspaces.ensure(workspace).chain(() -> create(request))
                    // Known here but gone at Airbyte (deleted or renamed since): a 404 created nothing, so provision and
                    // repeat once.
                    .onFailure(SourceService::isWorkspaceMissing)
                    .recoverWithUni(missing -> workspaces.provision(workspace).chain(() -> create(request)))
                    // Not the workspace: its name is made of the caller's user id (the audit line has a keyed hash).
                    .invoke(source -> Log.debugf("Created source %s from template %s", source.id(), template.id()));
        });
    }

    private Uni<Source> create(CreateSourceRequest request) {
        return operatorTokens.withToken(token -> airbyte.createSource(token, request)).map(Source::from);
    }

    /** Airbyte's answer to a create in a workspace it does not have; the template was just read, so it exists. */
    private static boolean isWorkspaceMissing(Throwable failure) {
        return failure instanceof AirbyteException upstream && upstream.reason() == AirbyteException.Reason.REQUEST_REJECTED
                && upstream.status() == 404;
    }

    /**
     * Whether a failed {@link #create} certainly created nothing (refused before the create call, or refused by Airbyte),
     * so the same {@code Idempotency-Key} may run again. Anything else may have left a source behind.
     */
    public static boolean createdNothing(Throwable failure) {
        return failure instanceof ConfigurationInvalidException || failure instanceof TemplateNotFoundException
                || failure instanceof RateLimitedException
                || failure instanceof AirbyteException upstream && !upstream.mayHaveActed();
    }

    /** The sources of the caller's workspace. */
    public Uni<List<Source>> list(CallerIdentity caller) {
        return operatorTokens.withToken(token -> airbyte.listSources(token, caller.workspaceName())).map(data -> {
            List<Source> sources = new ArrayList<>();
            data.forEach(item -> sources.add(Source.from(item)));
            return List.copyOf(sources);
        });
    }
}
