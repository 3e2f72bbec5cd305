package io.keyport.backend.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit extension behind {@link KeyportTest}: starts one {@link TestServer} per test class, with
 * the settings of the class's {@code @KeyportTest} if it has one, and resolves parameters of type
 * {@link TestServer}, {@link ApiClient} (a new client for that server each time) and {@link Cast}
 * (the shared admin, teams, people and services, created on the server on first use, once).
 *
 * <p>The server lives in the class's {@link ExtensionContext.Store}, which closes it after the
 * class's {@code @AfterAll} methods (JUnit closes stored {@link AutoCloseable} values since 5.13).
 *
 * <p>It is not a server per test and it does not reset the database between tests. A class that
 * needs identities of its own beyond the {@link Cast} creates them itself, usually in a
 * {@code @BeforeAll} method that takes an {@link ApiClient}.
 */
public final class KeyportServerExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(KeyportServerExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == TestServer.class || type == ApiClient.class || type == Cast.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        TestServer server = server(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == Cast.class) {
            return classContext(context)
                    .getStore(NAMESPACE)
                    .getOrComputeIfAbsent(Cast.class, key -> Cast.create(server.client()), Cast.class);
        }
        return type == TestServer.class ? server : server.client();
    }

    /** The server of the test class, started on first use and stored at class level. */
    private static TestServer server(ExtensionContext context) {
        ExtensionContext classContext = classContext(context);
        Class<?> testClass = classContext.getRequiredTestClass();
        return classContext
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(TestServer.class, key -> TestServer.start(settings(testClass)), TestServer.class);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()) {
            classContext = classContext.getParent().orElseThrow();
        }
        return classContext;
    }

    private static Map<String, String> settings(Class<?> testClass) {
        Map<String, String> settings = new LinkedHashMap<>();
        String[] pairs = AnnotationSupport.findAnnotation(testClass, KeyportTest.class)
                .map(KeyportTest::settings)
                .orElse(new String[0]);
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException(
                        "@KeyportTest setting of " + testClass.getName() + " is not KEY=VALUE: " + pair);
            }
            settings.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return settings;
    }
}
