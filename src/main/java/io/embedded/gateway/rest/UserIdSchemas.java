package io.embedded.gateway.rest;

import java.util.Map;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Gives every {@code userId} body field and query parameter the rule {@link UserId} enforces (length, pattern,
 * description), which the OpenAPI scanner cannot see through a composed constraint.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class UserIdSchemas implements OASFilter {

    private static final String NAME = "userId";

    @Override
    public Parameter filterParameter(Parameter parameter) {
        if (NAME.equals(parameter.getName()) && parameter.getSchema() != null) {
            constrain(parameter.getSchema());
            parameter.setDescription(UserId.DESCRIPTION);
        }
        return parameter;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema schema : openAPI.getComponents().getSchemas().values()) {
            Map<String, Schema> properties = schema.getProperties();
            if (properties != null && properties.containsKey(NAME)) {
                constrain(properties.get(NAME).description(UserId.DESCRIPTION).addExample("user_123"));
            }
        }
    }

    private static void constrain(Schema schema) {
        schema.minLength(1).maxLength(UserId.MAX_LENGTH).pattern(UserId.PATTERN);
    }
}
