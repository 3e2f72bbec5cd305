package io.keyport.desktop.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PushbackInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSink;

/**
 * {@link Transport} over one shared {@link OkHttpClient}. The bearer token comes from a supplier
 * (the session, which renews it); every failure to reach the server is reported to
 * {@code onUnreachable} and every answer to {@code onReachable}, so the session can show the
 * connection state.
 */
public final class OkHttpTransport implements Transport {

    private static final MediaType JSON = MediaType.get("application/json");
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final Supplier<String> accessToken;
    private final Consumer<BackendException> onUnreachable;
    private final Runnable onReachable;

    public OkHttpTransport(
            String serverUrl,
            OkHttpClient http,
            Supplier<String> accessToken,
            Consumer<BackendException> onUnreachable,
            Runnable onReachable) {
        HttpUrl parsed = serverUrl == null ? null : HttpUrl.parse(serverUrl.trim());
        if (parsed == null) {
            throw new IllegalArgumentException("Not a server URL (expected http://host:port): " + serverUrl);
        }
        this.baseUrl = parsed;
        this.http = Objects.requireNonNull(http);
        this.accessToken = Objects.requireNonNull(accessToken);
        this.onUnreachable = Objects.requireNonNull(onUnreachable);
        this.onReachable = Objects.requireNonNull(onReachable);
    }

    /** A transport without connection reporting (tests, one-off calls). */
    public OkHttpTransport(String serverUrl, OkHttpClient http, Supplier<String> accessToken) {
        this(serverUrl, http, accessToken, e -> {}, () -> {});
    }

    @Override
    public <T> T get(String path, Map<String, String> query, TypeReference<T> type) {
        return exchange(request(url(path, query)).get().build(), type);
    }

    @Override
    public <T> T post(String path, Object body, TypeReference<T> type) {
        return exchange(request(url(path, Map.of())).post(json(body)).build(), type);
    }

    @Override
    public <T> T put(String path, Object body, TypeReference<T> type) {
        return exchange(request(url(path, Map.of())).put(json(body)).build(), type);
    }

    @Override
    public <T> T patch(String path, Object body, TypeReference<T> type) {
        return exchange(request(url(path, Map.of())).patch(json(body)).build(), type);
    }

    @Override
    public void delete(String path) {
        delete(path, Map.of());
    }

    @Override
    public void delete(String path, Map<String, String> query) {
        exchange(request(url(path, query)).delete().build(), null);
    }

    @Override
    public Raw fetchRaw(String path, String accept) {
        Request request =
                request(url(path, Map.of())).header("Accept", accept).get().build();
        try (Response response = call(request)) {
            if (!response.isSuccessful()) {
                throw BackendClient.failure(response);
            }
            MediaType type = response.body().contentType();
            try {
                return new Raw(
                        type == null ? null : type.type() + "/" + type.subtype(),
                        response.header("Docker-Content-Digest"),
                        response.body().bytes());
            } catch (IOException e) {
                throw new BackendException(0, "Reading " + request.url() + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void download(String path, Map<String, String> query, Path target) {
        download(path, query, target, received -> {}, () -> false);
    }

    @Override
    public void download(
            String path, Map<String, String> query, Path target, LongConsumer received, BooleanSupplier cancelled) {
        Request request = request(url(path, query)).get().build();
        try (Response response = call(request)) {
            if (!response.isSuccessful()) {
                throw BackendClient.failure(response);
            }
            Path partial = target.resolveSibling(target.getFileName() + ".part");
            try {
                copy(response.body().byteStream(), partial, received, cancelled);
                if (cancelled.getAsBoolean()) {
                    throw new CancellationException("download to " + target + " cancelled");
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new BackendException(response.code(), "Download to " + target + " failed: " + e.getMessage(), e);
            } finally {
                deleteQuietly(partial);
            }
        }
    }

    private static void copy(InputStream body, Path partial, LongConsumer received, BooleanSupplier cancelled)
            throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long done = 0;
        try (InputStream in = body;
                var out = Files.newOutputStream(partial)) {
            int n;
            while (!cancelled.getAsBoolean() && (n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                done += n;
                received.accept(done);
            }
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale .part file is harmless: the next download replaces it
        }
    }

    @Override
    public Fetched fetch(String path, String etag) {
        Request.Builder builder = request(url(path, Map.of())).get();
        if (etag != null) {
            builder.header("If-None-Match", etag);
        }
        try (Response response = call(builder.build())) {
            if (response.code() == 304) {
                return new Fetched(true, null, etag);
            }
            if (!response.isSuccessful()) {
                throw BackendClient.failure(response);
            }
            try {
                return new Fetched(false, response.body().bytes(), response.header("ETag"));
            } catch (IOException e) {
                throw new BackendException(response.code(), "Reading " + path + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public <T> T upload(
            String path,
            Map<String, String> query,
            Path source,
            LongConsumer sent,
            BooleanSupplier cancelled,
            TypeReference<T> type) {
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw new BackendException(0, "Cannot read " + source + ": " + e.getMessage(), e);
        }
        RequestBody body = new RequestBody() {
            @Override
            public MediaType contentType() {
                return OCTET_STREAM;
            }

            @Override
            public long contentLength() {
                return size;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                byte[] buffer = new byte[256 * 1024];
                long done = 0;
                try (InputStream in = Files.newInputStream(source)) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        if (cancelled.getAsBoolean()) {
                            throw new InterruptedIOException("upload cancelled");
                        }
                        sink.write(buffer, 0, n);
                        done += n;
                        sent.accept(done);
                    }
                }
            }
        };
        Request request = request(url(path, query)).post(body).build();
        Response response;
        try {
            response = http.newCall(request).execute();
        } catch (IOException e) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("upload of " + source.getFileName() + " cancelled");
            }
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            BackendException failure = new BackendException(0, "Cannot reach " + baseUrl + ": " + reason, e);
            onUnreachable.accept(failure);
            throw failure;
        }
        onReachable.run();
        try (response) {
            if (!response.isSuccessful()) {
                throw BackendClient.failure(response);
            }
            try {
                return BackendClient.LENIENT
                        .forType(type)
                        .readValue(response.body().bytes());
            } catch (IOException e) {
                throw BackendClient.unexpected(response, e);
            }
        }
    }

    private Request.Builder request(HttpUrl url) {
        Request.Builder builder = new Request.Builder().url(url).header("Accept", "application/json");
        String token = accessToken.get();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private HttpUrl url(String path, Map<String, String> query) {
        String relative = path.startsWith("/") ? path.substring(1) : path;
        HttpUrl.Builder builder = baseUrl.newBuilder();
        for (String segment : relative.split("/", -1)) {
            builder.addPathSegment(segment);
        }
        if (query != null) {
            query.forEach((name, value) -> {
                if (value != null) {
                    builder.addQueryParameter(name, value);
                }
            });
        }
        return builder.build();
    }

    private static RequestBody json(Object body) {
        try {
            return RequestBody.create(Json.mapper().writeValueAsBytes(body), JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write request body: " + e.getOriginalMessage(), e);
        }
    }

    private <T> T exchange(Request request, TypeReference<T> type) {
        try (Response response = call(request)) {
            if (!response.isSuccessful()) {
                throw BackendClient.failure(response);
            }
            ResponseBody body = response.body();
            if (type == null || response.code() == 204 || body.contentLength() == 0) {
                return null;
            }
            // parsed as it arrives: a large answer (100,000 applications) is never held whole
            try (PushbackInputStream in = new PushbackInputStream(body.byteStream())) {
                int first = in.read();
                if (first < 0) {
                    return null;
                }
                in.unread(first);
                return BackendClient.LENIENT.forType(type).readValue(in);
            } catch (IOException e) {
                throw BackendClient.unexpected(response, e);
            }
        }
    }

    private Response call(Request request) {
        try {
            Response response = http.newCall(request).execute();
            onReachable.run();
            return response;
        } catch (IOException e) {
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            BackendException failure = new BackendException(0, "Cannot reach " + baseUrl + ": " + reason, e);
            onUnreachable.accept(failure);
            throw failure;
        }
    }
}
