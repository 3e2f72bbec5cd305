package io.keyport.backend.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A black-box test class with one {@link TestServer} for all its tests, started before the class
 * and closed after it by {@link KeyportServerExtension}. {@code @BeforeAll}, {@code @BeforeEach} and
 * {@code @Test} methods get the server, or an {@link ApiClient} for it, by declaring a parameter:
 *
 * <pre>{@code
 * @KeyportTest
 * class SomethingIT {
 *     static ApiClient api;
 *     static String admin;
 *
 *     @BeforeAll
 *     static void start(ApiClient client) {
 *         api = client;
 *         admin = api.adminToken();
 *     }
 * }
 * }</pre>
 *
 * <p>A {@link Cast} parameter gives the shared admin, teams, people and services, created once on
 * the class's server; a class adds only what its tests need beyond them.
 *
 * <p>A parameter of a {@code @Test} method shows in the test's reported name ({@code test(ApiClient)}),
 * which is why the converted classes take it once in {@code @BeforeAll}.
 *
 * <p>The tests of a class share the server and its database, as with a static server started in
 * {@code @BeforeAll}. Classes that need a server per test, a restart, or settings known only at run
 * time start their own {@link TestServer} instead.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KeyportServerExtension.class)
public @interface KeyportTest {

    /**
     * Extra {@code KEYPORT_*} settings for the server, each {@code "KEY=VALUE"}, as for
     * {@link TestServer#start(java.util.Map)}: they override the test defaults, and an empty value
     * means unset ({@code "KEYPORT_TOKEN_TTL=PT5M"}, {@code "KEYPORT_ADMIN_PASSWORD="}).
     */
    String[] settings() default {};
}
