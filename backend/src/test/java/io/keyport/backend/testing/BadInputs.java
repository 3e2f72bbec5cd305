package io.keyport.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.http.TransportFilter;
import io.keyport.backend.testing.BadInputTable.Bad;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the rows of the domains' {@link BadInputTable}s against a real server: each answers a 4xx
 * (the row's status, or any 4xx) in its table's error family, never a 5xx or a stack trace, and
 * nothing changes: every snapshot path reads the same and the audit log has as many entries as
 * before (and still verifies).
 */
public final class BadInputs {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final TestServer server;
    private final Cast cast;
    private final Set<String> snapshotPaths = new LinkedHashSet<>();

    /** A runner for {@code tables} (their snapshot paths together) on {@code server} with its {@code cast}. */
    public BadInputs(TestServer server, Cast cast, Collection<BadInputTable> tables) {
        this.server = server;
        this.cast = cast;
        snapshotPaths.add("/api/audit/verify");
        tables.forEach(t -> snapshotPaths.addAll(t.snapshotPaths()));
    }

    /** A response: status, headers and the raw body. */
    public record Reply(int status, Map<String, List<String>> headers, byte[] bodyBytes) {
        public String body() {
            return new String(bodyBytes, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }

        @Override
        public String toString() {
            String text = body();
            return status + " " + headers + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        }
    }

    /** Sends {@code bad} and checks that it was refused in its family and changed nothing. */
    public void assertRefused(Bad bad) {
        Map<String, String> before = snapshot();
        Reply reply = send(bad);
        if (bad.expected() == 0) {
            assertThat(reply.status()).as(reply.toString()).isBetween(400, 499);
        } else {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(bad.expected());
        }
        bad.table().errors().check(reply.status(), reply.header("Content-Type"), reply.body());
        assertThat(snapshot()).as("nothing changed").isEqualTo(before);
    }

    /**
     * What a bad request could have changed, as the admin reads it; the audit verification's
     * entry count stands for the audit log's length.
     */
    public Map<String, String> snapshot() {
        Map<String, String> state = new LinkedHashMap<>();
        ApiClient api = server.client();
        for (String path : snapshotPaths) {
            ApiClient.Response r = api.get(path, cast.token("admin"));
            assertThat(r.status()).as("%s: %s", path, r).isEqualTo(200);
            state.put(path, r.body());
        }
        assertThat(state.get("/api/audit/verify")).contains("\"intact\":true");
        return state;
    }

    /** Sends {@code bad} as its identity. */
    public Reply send(Bad bad) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + bad.path()))
                .timeout(Duration.ofSeconds(30));
        boolean contentType = false;
        for (int i = 0; i < bad.headers().size(); i += 2) {
            b.header(bad.headers().get(i), bad.headers().get(i + 1));
            contentType |= bad.headers().get(i).equalsIgnoreCase("Content-Type");
        }
        if (bad.body() != null && !contentType) {
            b.header("Content-Type", "application/json");
        }
        String token = cast.token(bad.as());
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (bad.body() != null && bad.body().length > TransportFilter.DRAIN_LIMIT) {
            // as upload clients do: the server refuses an oversized body by its length before any of it
            // is sent, instead of closing the socket under a body it will not read (a TCP reset race)
            b.expectContinue(true);
        }
        b.method(
                bad.method(),
                bad.body() == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(bad.body()));
        return send(b.build());
    }

    /** Sends any request over HTTP/1.1. */
    public static Reply send(HttpRequest request) {
        try {
            HttpResponse<byte[]> r = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(r.statusCode(), r.headers().map(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
