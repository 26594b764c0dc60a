package io.embedded.gateway.sources;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.embedded.gateway.client.AirbyteApiClient;
import io.embedded.gateway.client.CreateSourceRequest;
import io.embedded.gateway.identity.CallerIdentity;
import io.embedded.gateway.origin.FrontendOrigin;
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

    SourceService(OperatorTokenService operatorTokens, AirbyteApiClient airbyte, SourceTemplates templates,
            ConfigurationValidator validator) {
        this.operatorTokens = operatorTokens;
        this.airbyte = airbyte;
        this.templates = templates;
        this.validator = validator;
    }

    /**
     * Creates a source from a template the frontend may offer. An invalid configuration fails with
     * {@link ConfigurationInvalidException} and no create call.
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
            return operatorTokens.withToken(token -> airbyte.createSource(token, request)).map(Source::from)
                    .invoke(source -> Log.debugf("Created source %s from template %s in workspace %s", source.id(),
                            template.id(), caller.workspaceName()));
        });
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
