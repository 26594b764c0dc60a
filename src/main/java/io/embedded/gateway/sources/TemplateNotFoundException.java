package io.embedded.gateway.sources;

/** No such source template, or one the caller's frontend may not offer; the two are deliberately indistinguishable. */
public final class TemplateNotFoundException extends RuntimeException {

    public TemplateNotFoundException() {
        super("Source template not found", null, false, false);
    }
}
