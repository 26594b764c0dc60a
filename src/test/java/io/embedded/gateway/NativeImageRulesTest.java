package io.embedded.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaAnnotation;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaWildcardType;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Rules that keep {@code src/main} correct as a native executable by construction, checked on the JVM from bytecode.
 * A native image holds only the classes, constructors and fields that the build saw or that were registered; what the
 * code loads by name or builds by reflection at runtime fails there and nowhere else (issue 16: a hand-built Caffeine
 * cache looked its generated node class up by name, and every token request answered 500 in the native executable
 * while every JVM test passed).
 * <ul>
 * <li>No call to an API that loads classes by name or instantiates them reflectively at runtime.</li>
 * <li>Every type Jackson binds carries {@code @RegisterForReflection}.</li>
 * <li>The types Jackson binds and the classes the frameworks instantiate from our annotations are written to
 * {@code target/native-image-expectations.txt}; {@code .ci/native-sources-check.sh} asserts each is in the reflection
 * configuration the native-sources build generates.</li>
 * </ul>
 */
class NativeImageRulesTest {

    /** Where the expected reflection registrations go for {@code .ci/native-sources-check.sh}. */
    static final Path EXPECTATIONS = Path.of("target", "native-image-expectations.txt");

    private static final String OURS = "io.embedded.gateway";
    private static final String REGISTER_FOR_REFLECTION = "io.quarkus.runtime.annotations.RegisterForReflection";

    /**
     * Calls that load a class by name or build an object by reflection at runtime, each with why it breaks natively. Keyed
     * by {@code owner#method}.
     */
    private static final Map<String, String> FORBIDDEN_CALLS = Map.ofEntries(
            Map.entry("com.github.benmanes.caffeine.cache.Caffeine#newBuilder",
                    "picks a generated cache and node class by name at runtime (e.g. PSAMS); use a quarkus-cache "
                            + "cache (whose shapes Quarkus registers) or a plain concurrent map"),
            Map.entry("com.github.benmanes.caffeine.cache.Caffeine#from", "as Caffeine.newBuilder"),
            Map.entry("java.lang.Class#forName", "loads a class by name: unregistered classes do not exist natively"),
            Map.entry("java.lang.ClassLoader#loadClass", "loads a class by name"),
            Map.entry("java.lang.Class#newInstance", "reflective instantiation needs a registration"),
            Map.entry("java.lang.reflect.Constructor#newInstance", "reflective instantiation needs a registration"),
            Map.entry("java.lang.reflect.Method#invoke", "reflective call needs a registration"),
            Map.entry("java.lang.reflect.Field#get", "reflective field access needs a registration"),
            Map.entry("java.lang.reflect.Field#set", "reflective field access needs a registration"),
            Map.entry("java.lang.reflect.Proxy#newProxyInstance", "dynamic proxies must be registered at build time"),
            Map.entry("java.util.ServiceLoader#load", "service providers must be registered at build time; use CDI"),
            Map.entry("java.util.ServiceLoader#loadInstalled", "as ServiceLoader.load"),
            Map.entry("java.util.ResourceBundle#getBundle", "resource bundles must be registered at build time"),
            Map.entry("java.lang.invoke.MethodHandles$Lookup#findClass", "loads a class by name"));

    /**
     * Annotation members naming classes that a framework instantiates by reflection (not those only compared against,
     * such as {@code @CircuitBreaker(skipOn)}), keyed by annotation.
     */
    private static final Map<String, Set<String>> INSTANTIATING_MEMBERS = Map.of(
            "io.smallrye.faulttolerance.api.CustomBackoff", Set.of("value"),
            "io.smallrye.faulttolerance.api.RetryWhen", Set.of("result", "exception"),
            "io.smallrye.faulttolerance.api.BeforeRetry", Set.of("value"),
            "org.eclipse.microprofile.faulttolerance.Fallback", Set.of("value"),
            "com.fasterxml.jackson.databind.annotation.JsonSerialize", Set.of("using", "contentUsing", "keyUsing"),
            "com.fasterxml.jackson.databind.annotation.JsonDeserialize", Set.of("using", "contentUsing", "keyUsing"),
            "org.eclipse.microprofile.rest.client.annotation.RegisterProvider", Set.of("value"),
            "org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders", Set.of("value"));

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(OURS);
        assertThat(main).as("classes compiled from src/main").hasSizeGreaterThan(50);
    }

    @Test
    void shouldNotLoadClassesByNameOrReflectAtRuntime() {
        List<String> violations = new ArrayList<>();
        for (JavaClass javaClass : main) {
            javaClass.getMethodCallsFromSelf().forEach(call -> {
                String target = call.getTarget().getOwner().getName() + "#" + call.getTarget().getName();
                String why = FORBIDDEN_CALLS.get(target);
                if (why != null) {
                    violations.add(call.getDescription() + ": " + why);
                }
            });
        }
        assertThat(violations).as("runtime class loading or reflection in src/main (breaks the native executable)")
                .isEmpty();
    }

    @Test
    void shouldRegisterEveryTypeJacksonBindsForReflection() throws IOException {
        Set<JavaClass> bound = jacksonBoundTypes();
        assertThat(bound).as("types Jackson binds").extracting(JavaClass::getSimpleName).contains("WidgetTokenResponse",
                "WidgetTokenRequestBody", "Problem", "FieldError", "WidgetTokenRequest", "OperatorTokenRequest");

        List<String> unregistered = bound.stream().filter(type -> !type.isAnnotatedWith(REGISTER_FOR_REFLECTION))
                .map(JavaClass::getName).sorted().toList();
        assertThat(unregistered).as("Jackson-bound types without @RegisterForReflection").isEmpty();

        Set<String> expected = new TreeSet<>();
        bound.forEach(type -> expected.add(type.getName()));
        expected.addAll(frameworkInstantiatedClasses());
        Files.createDirectories(EXPECTATIONS.getParent());
        Files.write(EXPECTATIONS, expected);
    }

    @Test
    void shouldFindTheClassesFaultToleranceInstantiates() {
        assertThat(frameworkInstantiatedClasses()).contains(OURS + ".client.RetryAfterBackoff",
                OURS + ".client.IsTransient", OURS + ".client.NeverConnected");
    }

    @Test
    void shouldConfigureOnlyCacheShapesQuarkusRegistersForNative() throws IOException {
        // Caffeine loads a generated class per combination of options; Quarkus's CacheConstructorsFeature registers the
        // write-expiry ones, not access expiry with a maximum size (PSAMS, the class issue 16's native run lacked).
        List<String> accessExpiry = Files.readAllLines(Path.of("src", "main", "resources", "application.properties"))
                .stream().filter(line -> line.matches("^[^#]*quarkus\\.cache\\.caffeine\\..*expire-after-access.*")).toList();
        assertThat(accessExpiry).as("quarkus-cache caches with expire-after-access (unregistered natively)").isEmpty();
    }

    /**
     * Our types that Jackson reads or writes: those in the signatures of REST resources, exception mappers and REST
     * clients, every class carrying a Jackson annotation (the bodies we send to Airbyte), and, transitively, the types of
     * their fields and record components.
     */
    private static Set<JavaClass> jacksonBoundTypes() {
        Set<JavaClass> roots = new HashSet<>();
        for (JavaClass javaClass : main) {
            boolean resource = javaClass.isAnnotatedWith("jakarta.ws.rs.Path");
            boolean restClient = javaClass.isAnnotatedWith("org.eclipse.microprofile.rest.client.inject.RegisterRestClient");
            for (JavaMethod method : javaClass.getMethods()) {
                if (restClient || resource && isResourceMethod(method)) {
                    collect(method.getReturnType(), roots);
                    // The body is the one parameter that no JAX-RS or REST annotation binds to a path, query or header.
                    method.getParameters().stream().filter(parameter -> parameter.getAnnotations().stream()
                            .noneMatch(annotation -> isRequestBinding(annotation.getRawType())))
                            .forEach(parameter -> collect(parameter.getType(), roots));
                } else if (method.isAnnotatedWith("org.jboss.resteasy.reactive.server.ServerExceptionMapper")) {
                    collect(method.getReturnType(), roots);
                }
            }
            if (hasJacksonAnnotation(javaClass)) {
                roots.add(javaClass);
            }
        }
        Set<JavaClass> closure = new HashSet<>();
        List<JavaClass> pending = new ArrayList<>(roots);
        while (!pending.isEmpty()) {
            JavaClass type = pending.remove(pending.size() - 1);
            if (type.getPackageName().startsWith(OURS) && !type.isInterface() && closure.add(type)) {
                Set<JavaClass> fieldTypes = new HashSet<>();
                type.getFields().stream().filter(field -> !field.getModifiers().contains(JavaModifier.STATIC))
                        .forEach(field -> collect(field.getType(), fieldTypes));
                pending.addAll(fieldTypes);
            }
        }
        return closure;
    }

    private static boolean isResourceMethod(JavaMethod method) {
        return method.getAnnotations().stream().anyMatch(
                annotation -> annotation.getRawType().isAnnotatedWith("jakarta.ws.rs.HttpMethod"));
    }

    /**
     * Annotations that bind a parameter to the request rather than to its JSON body. A {@code @BeanParam} class is not
     * read by Jackson either: Quarkus REST injects its annotated fields through code it generates at build time.
     */
    private static boolean isRequestBinding(JavaClass annotationType) {
        String name = annotationType.getName();
        return name.startsWith("jakarta.ws.rs.")
                || name.startsWith("org.jboss.resteasy.reactive.Rest")
                || name.startsWith("io.quarkus.rest.client.reactive.Url");
    }

    private static boolean hasJacksonAnnotation(JavaClass javaClass) {
        Stream<JavaAnnotation<?>> annotations = Stream.concat(javaClass.getAnnotations().stream(),
                javaClass.getMembers().stream().flatMap(member -> member.getAnnotations().stream()));
        Stream<JavaAnnotation<?>> parameterAnnotations = javaClass.getCodeUnits().stream()
                .flatMap(unit -> unit.getParameters().stream()).flatMap(parameter -> parameter.getAnnotations().stream());
        return Stream.concat(annotations, parameterAnnotations)
                .anyMatch(annotation -> annotation.getRawType().getPackageName().startsWith("com.fasterxml.jackson"));
    }

    /** Adds {@code type} and its type arguments ({@code Uni<List<X>>} gives X), erased, from our packages. */
    private static void collect(JavaType type, Collection<JavaClass> into) {
        if (type instanceof JavaParameterizedType parameterized) {
            parameterized.getActualTypeArguments().forEach(argument -> collect(argument, into));
        } else if (type instanceof JavaWildcardType wildcard) {
            wildcard.getUpperBounds().forEach(bound -> collect(bound, into));
        }
        JavaClass erased = type.toErasure();
        JavaClass element = erased.isArray() ? erased.getBaseComponentType() : erased;
        if (element.getPackageName().startsWith(OURS)) {
            into.add(element);
        }
    }

    /** Our classes that fault tolerance, Jackson or the REST client instantiate because an annotation names them. */
    private static Set<String> frameworkInstantiatedClasses() {
        Set<String> named = new TreeSet<>();
        for (JavaClass javaClass : main) {
            Stream.concat(javaClass.getAnnotations().stream(),
                    javaClass.getMembers().stream().flatMap(member -> member.getAnnotations().stream()))
                    .filter(annotation -> INSTANTIATING_MEMBERS.containsKey(annotation.getRawType().getName()))
                    .flatMap(annotation -> annotation.getProperties().entrySet().stream()
                            .filter(member -> INSTANTIATING_MEMBERS.get(annotation.getRawType().getName())
                                    .contains(member.getKey()))
                            .map(Map.Entry::getValue))
                    .flatMap(value -> value instanceof Object[] values ? Stream.of(values) : Stream.of(value))
                    .filter(JavaClass.class::isInstance).map(JavaClass.class::cast)
                    .filter(referenced -> referenced.getPackageName().startsWith(OURS))
                    .forEach(referenced -> named.add(referenced.getName()));
        }
        return named;
    }
}
