package io.keyport.desktop.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.desktop.testing.LiveServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OkHttpTransportTest {

    private static LiveServer server;

    @BeforeAll
    static void start() {
        server = LiveServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void readsWritesAndReportsTheServersMessage() {
        Transport admin = server.adminTransport();
        admin.put("/api/teams/payments", Map.of("name", "Payments"), new TypeReference<JsonNode>() {});
        List<JsonNode> teams = admin.get("/api/teams", Map.of(), new TypeReference<List<JsonNode>>() {});
        assertThat(teams).extracting(t -> t.path("id").asText()).contains("payments");

        assertThatThrownBy(() -> admin.get("/apps/no-such-app", Map.of(), new TypeReference<JsonNode>() {}))
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
}
