package io.keyport.desktop.service;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.Map;

/**
 * Authenticated JSON calls to the signed-in server, shared by every per-domain client
 * ({@code KioClient}, {@code IdentityClient}, {@code AuditClient}, ...). The implementation adds the
 * session's bearer token (renewed before it expires), maps refusals to {@link BackendException}
 * with the server's own message, and reports lost connections to the session. Every call blocks:
 * run it through a {@code TaskExecutor}.
 */
public interface Transport {

    /** {@code GET path?query}; {@code query} values are encoded by the transport, nulls skipped. */
    <T> T get(String path, Map<String, String> query, TypeReference<T> type);

    /** {@code POST path} with {@code body} as JSON; answers the decoded body, or null for an empty one. */
    <T> T post(String path, Object body, TypeReference<T> type);

    /** {@code PUT path} with {@code body} as JSON; answers the decoded body, or null for an empty one. */
    <T> T put(String path, Object body, TypeReference<T> type);

    /** {@code PATCH path} with {@code body} as JSON; answers the decoded body, or null for an empty one. */
    default <T> T patch(String path, Object body, TypeReference<T> type) {
        throw new UnsupportedOperationException("this transport does not send PATCH");
    }

    /** {@code DELETE path}. */
    void delete(String path);

    /** {@code DELETE path?query}; {@code query} values are encoded by the transport, nulls skipped. */
    default void delete(String path, Map<String, String> query) {
        if (query.values().stream().allMatch(java.util.Objects::isNull)) {
            delete(path);
            return;
        }
        throw new UnsupportedOperationException("this transport does not send queries with DELETE");
    }

    /**
     * A body as the server sent it, with its media type and the {@code Docker-Content-Digest} header
     * (null when absent): registry manifests, which are served byte for byte.
     */
    record Raw(String contentType, String digest, byte[] body) {}

    /**
     * {@code GET path} sending {@code accept} as the Accept header, answering the raw body (registry
     * manifests and blobs, which are read whole: a manifest is at most 4 MiB).
     */
    default Raw fetchRaw(String path, String accept) {
        throw new UnsupportedOperationException("this transport does not fetch raw bodies");
    }

    /** {@code GET path} streamed into {@code target} (exports, downloads); never buffered whole. */
    void download(String path, Map<String, String> query, java.nio.file.Path target);

    /**
     * {@link #download(String, Map, java.nio.file.Path)} that reports the bytes received so far to
     * {@code received} and, once {@code cancelled} turns true, stops with a
     * {@link java.util.concurrent.CancellationException} leaving no file behind. This default
     * neither reports nor stops early.
     */
    default void download(
            String path,
            Map<String, String> query,
            java.nio.file.Path target,
            java.util.function.LongConsumer received,
            java.util.function.BooleanSupplier cancelled) {
        download(path, query, target);
    }

    /**
     * {@code POST path?query} with the bytes of {@code source} as the raw body, streamed (archives);
     * {@code sent} hears the bytes sent so far, and once {@code cancelled} turns true the upload
     * stops with a {@link java.util.concurrent.CancellationException}. Answers the decoded body.
     */
    default <T> T upload(
            String path,
            Map<String, String> query,
            java.nio.file.Path source,
            java.util.function.LongConsumer sent,
            java.util.function.BooleanSupplier cancelled,
            TypeReference<T> type) {
        throw new UnsupportedOperationException("this transport does not upload files");
    }

    /**
     * {@code GET path} for a file whose exact bytes matter (signed TUF metadata, which a JSON decoder
     * would rewrite): the raw bytes and the ETag, or {@link Fetched#notModified()} when {@code etag}
     * (sent as {@code If-None-Match}, null for none) still matches.
     */
    default Fetched fetch(String path, String etag) {
        throw new UnsupportedOperationException("this transport does not fetch raw files");
    }

    /** The answer of {@link #fetch}: the body and ETag of a 200, or a 304 (body null). */
    record Fetched(boolean notModified, byte[] body, String etag) {}
}
