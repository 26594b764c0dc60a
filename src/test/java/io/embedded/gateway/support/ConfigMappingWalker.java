package io.embedded.gateway.support;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.embedded.gateway.origin.GatewayConfig;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;

/** Walks every {@code @ConfigMapping} interface compiled from src/main/java, naming each leaf as SmallRye Config does. */
public final class ConfigMappingWalker {

    private ConfigMappingWalker() {
    }

    /**
     * One leaf property: its name ({@code *} for a map key), whether the application fails to start without it, its
     * {@code @WithDefault}, a readable type, and the interface and method that declare it.
     */
    public record MappedProperty(String name, boolean required, String defaultValue, String type, Class<?> declaringType,
            String method) {
    }

    /** Every leaf property of the mappings under target/classes. */
    public static List<MappedProperty> properties() throws IOException, ClassNotFoundException {
        return properties(classesRoot());
    }

    static List<MappedProperty> properties(Path classes) throws IOException, ClassNotFoundException {
        List<MappedProperty> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = classes.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> type = Class.forName(name, false, ConfigMappingWalker.class.getClassLoader());
                ConfigMapping mapping = type.getAnnotation(ConfigMapping.class);
                if (mapping != null) {
                    walk(type, mapping.prefix(), false, out, new LinkedHashSet<>());
                }
            }
        }
        return out;
    }

    private static void walk(Class<?> group, String prefix, boolean optional, List<MappedProperty> out, Set<Class<?>> path) {
        if (!path.add(group)) {
            return;
        }
        for (Method m : group.getMethods()) {
            if (m.isDefault() || Modifier.isStatic(m.getModifiers()) || m.getParameterCount() > 0
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String segment = m.isAnnotationPresent(WithParentName.class) ? ""
                    : m.isAnnotationPresent(WithName.class) ? m.getAnnotation(WithName.class).value() : kebab(m.getName());
            String name = segment.isEmpty() ? prefix : prefix + "." + segment;
            Type generic = m.getGenericReturnType();
            Class<?> raw = m.getReturnType();
            boolean isOptional = raw.getName().startsWith("java.util.Optional");
            String defaultValue = m.isAnnotationPresent(WithDefault.class) ? m.getAnnotation(WithDefault.class).value() : null;
            if (raw == Map.class) {
                Class<?> value = typeArgument(generic, 1);
                if (isGroup(value)) {
                    walk(value, name + ".*", true, out, new LinkedHashSet<>(path));
                } else {
                    out.add(new MappedProperty(name + ".*", false, defaultValue, describe(value, generic),
                            m.getDeclaringClass(), m.getName()));
                }
                continue;
            }
            Class<?> element = isOptional && raw == Optional.class ? typeArgument(generic, 0) : raw;
            if (isGroup(element)) {
                walk(element, name, optional || isOptional, out, new LinkedHashSet<>(path));
            } else {
                boolean required = !optional && !isOptional && defaultValue == null;
                out.add(new MappedProperty(name, required, defaultValue, describe(element, unwrapOptional(generic, raw)),
                        m.getDeclaringClass(), m.getName()));
            }
        }
    }

    /** The environment variable SmallRye Config reads for {@code name}; none for a map key. */
    public static String environmentVariable(String name) {
        return name.contains("*") ? null : name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /** SmallRye's default naming: {@code allowedOrigins} is {@code allowed-origins}. */
    public static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static Type unwrapOptional(Type generic, Class<?> raw) {
        if (raw == Optional.class && generic instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[0];
        }
        return generic;
    }

    private static String describe(Class<?> type, Type generic) {
        if (type == null) {
            return "string";
        }
        if (type == List.class || type == Set.class) {
            Class<?> element = typeArgument(generic, 0);
            return "list of " + describe(element, null);
        }
        if (type.isEnum()) {
            return Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name().toLowerCase(java.util.Locale.ROOT))
                    .collect(Collectors.joining(", ", "one of ", ""));
        }
        return switch (type.getSimpleName()) {
            case "String" -> "string";
            case "int", "Integer", "long", "Long" -> "integer";
            case "boolean", "Boolean" -> "boolean";
            case "Duration" -> "duration (30s, 5m, 1h)";
            case "URI", "URL" -> "URL";
            case "MemorySize" -> "size (16K, 1M)";
            default -> type.getSimpleName();
        };
    }

    private static boolean isGroup(Class<?> type) {
        return type != null && type.isInterface() && !type.getName().startsWith("java.");
    }

    private static Class<?> typeArgument(Type type, int index) {
        if (type instanceof ParameterizedType p) {
            Type arg = p.getActualTypeArguments()[index];
            if (arg instanceof Class<?> c) {
                return c;
            }
            if (arg instanceof ParameterizedType pa) {
                return (Class<?>) pa.getRawType();
            }
        }
        return null;
    }

    private static Path classesRoot() {
        try {
            return Path.of(GatewayConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
