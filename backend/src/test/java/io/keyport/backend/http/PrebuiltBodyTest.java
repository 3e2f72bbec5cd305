package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Pre-built bodies go out slice by slice over a real Helidon server, byte for byte, and leave the
 * connection clean for the next answer (Helidon 4.3.0 writes wrong bytes for a slice that does
 * not start at index 0 of its array; {@link Http.Prebuilt} never does that).
 */
class PrebuiltBodyTest {

    @Test
    void slicesAreTheBytesGivenAndTheConnectionStaysUsable() throws Exception {
        byte[] big = new byte[3 * Http.Prebuilt.SLICE + 12_345];
        new Random(7).nextBytes(big);
        byte[] small = "{\"small\":true}".getBytes();
        Http.Prebuilt bigBody = Http.Prebuilt.of(big);
        assertThat(bigBody.slices()).hasSize(4);
        assertThat(bigBody.bytes()).isEqualTo(big);
        assertThat(Http.Prebuilt.of(new byte[0]).slices()).hasSize(1);
        WebServer server = WebServer.builder()
                .port(0)
                .host("127.0.0.1")
                .routing((HttpRouting.Builder r) -> r.get("/big", (req, res) -> Http.send(res, bigBody))
                        .get("/small", (req, res) -> Http.send(res, Http.Prebuilt.of(small))))
                .build()
                .start();
        try (HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            String base = "http://127.0.0.1:" + server.port();
            for (int i = 0; i < 3; i++) { // one keep-alive connection: stray bytes would break the next answer
                HttpResponse<byte[]> r = client.send(
                        HttpRequest.newBuilder(URI.create(base + "/big")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValueAsLong("Content-Length")).hasValue(big.length);
                assertThat(r.body()).isEqualTo(big);
                HttpResponse<byte[]> s = client.send(
                        HttpRequest.newBuilder(URI.create(base + "/small")).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(s.body()).isEqualTo(small);
            }
        } finally {
            server.stop();
        }
    }
}
