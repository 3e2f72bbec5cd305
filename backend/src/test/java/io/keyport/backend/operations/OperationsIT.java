package io.keyport.backend.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.ApiClient;
import io.keyport.backend.testing.KeyportTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Health, metrics and the JSON answer for unknown paths. */
@KeyportTest
class OperationsIT {

    static ApiClient api;

    @BeforeAll
    static void start(ApiClient client) {
        api = client;
    }

    @Test
    void healthIsPublicJson() {
        var r = api.get("/.well-known/health", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"health\":true}");
    }

    @Test
    void metricsCountRequestsByRoutePatternInPrometheusFormat() {
        String token = api.adminToken();
        api.get("/apps/does-not-exist", token);
        api.get("/apps/another-missing", token);
        var r = api.get("/metrics", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type"))
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("text/plain; version=0.0.4"));
        // both misses land on one series labelled with the route pattern, not the raw path
        assertThat(r.body()).contains("keyport_http_requests_total{route=\"GET /apps/{id}\",status=\"404\"} 2");
        assertThat(r.body()).contains("# TYPE keyport_http_request_duration_seconds histogram");
        assertThat(r.body())
                .contains("keyport_http_request_duration_seconds_bucket{route=\"GET /apps/{id}\",le=\"+Inf\"} 2");
        assertThat(r.body()).doesNotContain("does-not-exist");
        assertThat(r.body()).contains("jvm_memory_heap_used_bytes");
    }

    @Test
    void unknownPathsAnswerJson404() {
        var r = api.get("/no/such/thing", null);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.json().get("message").asText()).isEqualTo("GET /no/such/thing not found.");
    }
}
