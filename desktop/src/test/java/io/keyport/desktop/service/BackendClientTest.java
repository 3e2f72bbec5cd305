package io.keyport.desktop.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackendClientTest {

    private MockWebServer server;
    private BackendClient client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start();
        client = new BackendClient(server.url("/").toString());
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void healthIsTrueWhenTheServerServes() throws Exception {
        server.enqueue(json(200, "{\"health\":true}"));

        assertThat(client.health()).isTrue();

        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("GET");
        assertThat(request.getTarget()).isEqualTo("/.well-known/health");
    }

    @Test
    void healthIsFalseWhileTheServerShutsDown() {
        server.enqueue(json(503, "{\"health\":false}"));

        assertThat(client.health()).isFalse();
    }

    @Test
    void healthFailsOnAnAnswerThatIsNotAHealthAnswer() {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .body("<html>a proxy page</html>")
                .build());

        assertThatThrownBy(client::health)
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("is this a Keyport server?");
    }

    @Test
    void unreachableServerIsReportedAsSuch() {
        String url = server.url("/").toString();
        server.close();

        try (BackendClient offline = new BackendClient(url)) {
            assertThatThrownBy(offline::health)
                    .isInstanceOfSatisfying(
                            BackendException.class, e -> assertThat(e.status()).isZero())
                    .hasMessageStartingWith("Cannot reach " + url);
        }
    }

    @Test
    void pathPrefixOfTheServerUrlIsKept() throws Exception {
        try (BackendClient proxied = new BackendClient(server.url("/keyport/").toString())) {
            server.enqueue(json(200, "{\"health\":true}"));

            proxied.health();

            assertThat(take().getTarget()).isEqualTo("/keyport/.well-known/health");
        }
    }

    @Test
    void loginSendsThePasswordGrantAndReturnsTheAccessToken() throws Exception {
        server.enqueue(json(200, """
                {"access_token":"eyJ.token","token_type":"Bearer","expires_in":3600,"scope":"uid","extra":1}"""));

        assertThat(client.login("admin", "p@ss w&rd=1")).isEqualTo("eyJ.token");

        RecordedRequest request = take();
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getTarget()).isEqualTo("/oauth2/token");
        assertThat(request.getHeaders().get("Content-Type")).startsWith("application/x-www-form-urlencoded");
        String form = URLDecoder.decode(request.getBody().utf8().replace("&", "\n"), StandardCharsets.UTF_8);
        assertThat(form.lines()).containsExactly("grant_type=password", "username=admin", "password=p@ss w&rd=1");
    }

    @Test
    void loginRefusalCarriesTheServersErrorDescription() {
        server.enqueue(
                json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid username or password\"}"));

        assertThatThrownBy(() -> client.login("admin", "wrong"))
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("Invalid username or password");
    }

    @Test
    void sizeLimitOfA413IsAddedToTheMessage() {
        server.enqueue(json(413, "{\"message\":\"Request body too large\",\"details\":{\"limit_bytes\":1048576}}"));

        assertThatThrownBy(client::health)
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.status()).isEqualTo(413))
                .hasMessage("Request body too large (the limit is 1048576 bytes)");
    }

    @Test
    void sizeLimitAlreadyInTheMessageIsNotRepeated() {
        server.enqueue(json(
                413, "{\"message\":\"An app archive may have at most 10 bytes\",\"details\":{\"limit_bytes\":10}}"));

        assertThatThrownBy(client::health).hasMessage("An app archive may have at most 10 bytes");
    }

    @Test
    void apiErrorMessageIsUsedWhenThereIsNoOAuthDescription() {
        server.enqueue(json(500, "{\"message\":\"Internal server error\",\"details\":\"see the log\"}"));

        assertThatThrownBy(() -> client.login("admin", "secret")).hasMessage("Internal server error");
    }

    @Test
    void errorWithoutAJsonBodyNamesTheStatus() {
        server.enqueue(new MockResponse.Builder().code(502).body("Bad Gateway").build());

        assertThatThrownBy(() -> client.login("admin", "secret"))
                .isInstanceOfSatisfying(
                        BackendException.class, e -> assertThat(e.status()).isEqualTo(502))
                .hasMessageStartingWith("HTTP 502 from ");
    }

    @Test
    void loginAnswerWithoutATokenIsRejected() {
        server.enqueue(json(200, "{\"token_type\":\"Bearer\"}"));

        assertThatThrownBy(() -> client.login("admin", "secret"))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("Unexpected answer");
    }

    @Test
    void tokenInfoSendsTheTokenAsBearerAndReturnsTheUid() throws Exception {
        server.enqueue(json(200, """
                {"uid":"admin","realm":"/employees","scope":["uid"],"expires_in":3599,"access_token":"eyJ.token","x":1}"""));

        assertThat(client.tokenInfo("eyJ.token").uid()).isEqualTo("admin");

        RecordedRequest request = take();
        assertThat(request.getTarget()).isEqualTo("/oauth2/tokeninfo");
        assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer eyJ.token");
    }

    @Test
    void tokenInfoRefusalCarriesTheServersErrorDescription() {
        server.enqueue(json(401, "{\"error\":\"invalid_token\",\"error_description\":\"Token expired\"}"));

        assertThatThrownBy(() -> client.tokenInfo("old")).hasMessage("Token expired");
    }

    @Test
    void tokenInfoWithoutAUidIsRejected() {
        server.enqueue(json(200, "{\"realm\":\"/employees\"}"));

        assertThatThrownBy(() -> client.tokenInfo("eyJ.token")).hasMessageContaining("Unexpected answer");
    }

    @Test
    void serverUrlMustBeAnHttpUrl() {
        assertThatThrownBy(() -> new BackendClient("localhost:8080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("localhost:8080");
        assertThatThrownBy(() -> new BackendClient(null)).isInstanceOf(IllegalArgumentException.class);
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request).as("request reached the server").isNotNull();
        return request;
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .addHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }
}
