package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.http.HeaderNames;
import io.helidon.http.WritableHeaders;
import io.keyport.backend.KeyportConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The rules of the HTTP layer that need no server: targets, framing, allowed methods, settings. */
class HttpRulesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/apps/..;/api/users",
                "/api/users;/admin",
                "/apps//a",
                "/apps/",
                "/apps/%3B",
                "/a/%2e%2E/b",
                "/a/./b",
                "/apps%2Fa",
                "/apps/a%00"
            })
    void ambiguousTargetsAreRefused(String path) {
        assertThatThrownBy(() -> ObservabilityFilter.checkTarget(path, null)).isInstanceOf(ApiException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/apps", "/apps/app-a/versions/1.0", "/apps/a..b", "/api/users/a%20b"})
    void plainTargetsPass(String path) {
        ObservabilityFilter.checkTarget(path, "team_id=x");
    }

    /** A malformed body is described without the parser's internals (the Java type, its feature flags). */
    @ParameterizedTest
    @ValueSource(strings = {"{\"name\":\"x\"} {\"name\":\"y\"}", "{\"a\":1} 2", "{", "{'a':1}", "{\"a\":1,}"})
    void malformedJsonIsDescribedWithoutClassNames(String body) {
        assertThatThrownBy(() -> Http.parseJsonBody(body.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(String.valueOf(e.details()))
                                .isNotBlank()
                                .doesNotContain("com.fasterxml", "DeserializationFeature", "JsonNode"));
    }

    @Test
    void framingNeedsOneDecimalLengthOrExactlyChunked() {
        ObservabilityFilter.checkFraming(headers("Content-Length", "12"));
        ObservabilityFilter.checkFraming(headers("Transfer-Encoding", "chunked"));
        ObservabilityFilter.checkFraming(WritableHeaders.create());
        for (WritableHeaders<?> bad : new WritableHeaders<?>[] {
            headers("Content-Length", "1", "Content-Length", "2"),
            headers("Content-Length", "1", "Content-Length", "1"),
            headers("Content-Length", "0, 5"),
            headers("Content-Length", "+5"),
            headers("Content-Length", "5", "Transfer-Encoding", "chunked"),
            headers("Transfer-Encoding", "chunked, identity"),
            headers("Transfer-Encoding", "Chunked"),
            headers("Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked")
        }) {
            assertThatThrownBy(() -> ObservabilityFilter.checkFraming(bad))
                    .as(bad.toString())
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status().code()).isEqualTo(400);
                        assertThat(e.headers()).containsEntry("Connection", "close");
                    });
        }
    }

    @Test
    void allowedMethodsFollowTheRoutePatterns() {
        RouteRegistry routes = new RouteRegistry();
        routes.add("GET", "/apps/{id}");
        routes.add("PUT", "/apps/{id}");
        routes.add("GET", "/apps/{id}/versions");
        routes.add("DELETE", "/api/teams/{team}");
        assertThat(routes.allowed("/apps/x")).containsExactly("GET", "HEAD", "PUT");
        assertThat(routes.allowed("/apps/x/versions")).containsExactly("GET", "HEAD");
        assertThat(routes.allowed("/api/teams/t")).containsExactly("DELETE");
        assertThat(routes.allowed("/apps/x/nope")).isEmpty();
        assertThat(routes.allowed("/apps")).isEmpty();
    }

    @Test
    void httpSettingsHaveDefaultsAndOverrides() {
        assertThat(KeyportConfig.of(Map.of()).http().limits()).isEqualTo(HttpLimits.defaults());
        HttpLimits set = KeyportConfig.of(Map.of(
                        "KEYPORT_HTTP_IDLE_TIMEOUT",
                        "PT5S",
                        "KEYPORT_HTTP_READ_TIMEOUT",
                        "PT3S",
                        "KEYPORT_HTTP_MAX_CONNECTIONS",
                        "10",
                        "KEYPORT_HTTP_MAX_HEADER_SIZE",
                        "4096"))
                .http()
                .limits();
        assertThat(set).isEqualTo(new HttpLimits(Duration.ofSeconds(5), Duration.ofSeconds(3), 10, 4096));
        assertThatThrownBy(() -> KeyportConfig.of(Map.of("KEYPORT_HTTP_MAX_CONNECTIONS", "0")))
                .hasMessageContaining("KEYPORT_HTTP_MAX_CONNECTIONS");
        assertThatThrownBy(() -> KeyportConfig.of(Map.of("KEYPORT_HTTP_READ_TIMEOUT", "PT0S")))
                .hasMessageContaining("KEYPORT_HTTP_READ_TIMEOUT");
    }

    private static WritableHeaders<?> headers(String... pairs) {
        WritableHeaders<?> headers = WritableHeaders.create();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(HeaderNames.create(pairs[i]), pairs[i + 1]);
        }
        return headers;
    }
}
