package io.keyport.backend.registry.api;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ServerConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.ConnectionGuard;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RequestInfo;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.identity.service.Principal;
import io.keyport.backend.registry.service.BlobService;
import io.keyport.backend.registry.service.ManifestService;
import io.keyport.backend.registry.service.OciError;
import io.keyport.backend.registry.service.RegistryAccess;
import io.keyport.backend.registry.service.RegistryCaller;
import io.keyport.backend.registry.service.RegistryTokens;
import io.keyport.model.registry.Digest;
import io.keyport.model.registry.Reference;
import io.keyport.model.registry.RepositoryName;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every registry handler needs from a request, parsed once and refused in the OCI family:
 * the caller (Basic {@code user:password}, {@code oauth2:<token>}, a service's client credentials,
 * a bearer access token, or a registry token from {@code /v2/token}), the repository name,
 * reference and digest parameters, the manifest body with its size limit, and upload bodies.
 */
final class RegistryRequests {

    private static final Pattern CONTENT_RANGE =
            Pattern.compile("^(?:bytes[ =])?(\\d{1,18})-(\\d{1,18})(?:/(?:\\d+|\\*))?$");

    private final Authenticator authenticator;

    RegistryRequests(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    /** The caller of {@code req}; anonymous without credentials, 401 with invalid ones. */
    RegistryCaller caller(ServerRequest req) {
        String realm = realm(req);
        Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
        RegistryCaller anonymous = new RegistryCaller(null, null, realm);
        if (header.isEmpty() || header.get().isBlank()) {
            return anonymous;
        }
        String value = header.get().trim();
        Map<String, java.util.Set<String>> access = null;
        if (value.regionMatches(true, 0, "Bearer ", 0, 7)
                && RegistryTokens.isRegistryToken(value.substring(7).trim())) {
            RegistryTokens.Decoded decoded = RegistryTokens.decode(
                            value.substring(7).trim())
                    .orElseThrow(() -> RegistryAccess.challenge(anonymous, null, "invalid registry token"));
            if (decoded.innerToken() == null) {
                return new RegistryCaller(null, decoded.access(), realm);
            }
            value = "Bearer " + decoded.innerToken();
            access = decoded.access();
        }
        Principal principal;
        try {
            principal =
                    authenticator.fromHeader(value, Authenticator.address(req)).orElse(null);
        } catch (ApiException e) {
            if (e.status().code() == 429) {
                throw new ApiException(
                        OciError.TOOMANYREQUESTS, "too many failed logins; retry later", null, e.headers());
            }
            throw RegistryAccess.challenge(anonymous, null, "invalid or expired credentials");
        }
        if (principal != null) {
            RequestInfo.of(req).actor(principal.uid());
        }
        return new RegistryCaller(principal, access, realm);
    }

    /**
     * The caller of a request on an existing upload session: as {@link #caller}, except that an
     * access token (plain or inside a registry token) that is valid but for its expiry gives an
     * {@linkplain RegistryCaller#expired() expired} caller, who may continue only a session it began
     * ({@code BlobService}): a long push does not fail because its token expired meanwhile.
     */
    RegistryCaller sessionCaller(ServerRequest req) {
        try {
            return caller(req);
        } catch (ApiException e) {
            if (e.status().code() != 401) {
                throw e;
            }
            String value =
                    req.headers().first(HeaderNames.AUTHORIZATION).orElse("").trim();
            Map<String, java.util.Set<String>> access = null;
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)
                    && RegistryTokens.isRegistryToken(value.substring(7).trim())) {
                Optional<RegistryTokens.Decoded> decoded =
                        RegistryTokens.decode(value.substring(7).trim());
                if (decoded.isEmpty() || decoded.get().innerToken() == null) {
                    throw e;
                }
                value = "Bearer " + decoded.get().innerToken();
                access = decoded.get().access();
            }
            Optional<Principal> principal = authenticator.fromHeaderEvenExpired(value);
            if (principal.isEmpty()) {
                throw e;
            }
            RequestInfo.of(req).actor(principal.get().uid());
            return new RegistryCaller(principal.get(), access, realm(req), true);
        }
    }

    /** The token endpoint's absolute URL, as the client reached this server. */
    static String realm(ServerRequest req) {
        String host = req.headers().first(HeaderNames.HOST).orElse("localhost");
        if (!host.matches("[A-Za-z0-9.:\\[\\]-]{1,255}")) {
            host = "localhost";
        }
        return (req.isSecure() ? "https" : "http") + "://" + host + "/v2/token";
    }

    /**
     * The repository name of the path; NAME_INVALID for a malformed one, except that an anonymous
     * caller gets the 401 challenge first (nothing about a name is told to an unauthenticated client).
     */
    static RepositoryName name(ServerRequest req, RegistryCaller caller) {
        String name = Http.param(req, "name");
        try {
            return RepositoryName.parse(name);
        } catch (IllegalArgumentException e) {
            if (caller.anonymous()) {
                throw RegistryAccess.challenge(caller, null, "authentication required");
            }
            throw OciError.NAME_INVALID.with(e.getMessage(), Map.of("name", abbreviate(name)));
        }
    }

    static Reference reference(ServerRequest req) {
        String reference = Http.param(req, "reference");
        try {
            return Reference.parse(reference);
        } catch (IllegalArgumentException e) {
            if (Digest.looksLikeDigest(reference)) {
                throw OciError.DIGEST_INVALID.with(e.getMessage(), Map.of("digest", abbreviate(reference)));
            }
            throw OciError.MANIFEST_INVALID.with(
                    "a reference is a tag or a digest: " + e.getMessage(), Map.of("reference", abbreviate(reference)));
        }
    }

    static Digest digest(String value) {
        try {
            return Digest.parse(value);
        } catch (IllegalArgumentException e) {
            throw OciError.DIGEST_INVALID.with(e.getMessage(), Map.of("digest", abbreviate(value)));
        }
    }

    /** The {@code Content-Range} of a chunk, if any; 416 when it is malformed. */
    static Optional<BlobService.ChunkRange> contentRange(ServerRequest req) {
        Optional<String> header = req.headers().first(HeaderNames.CONTENT_RANGE);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(header.get().trim());
        if (!m.matches() || Long.parseLong(m.group(2)) < Long.parseLong(m.group(1))) {
            throw OciError.RANGE_INVALID.with(
                    "Content-Range must be <start>-<end>", Map.of("Content-Range", abbreviate(header.get())));
        }
        return Optional.of(new BlobService.ChunkRange(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
    }

    /** An upload body: the request's bytes and the connection's read progress. */
    static BlobService.Body body(ServerRequest req) {
        InputStream in = req.content().hasEntity() ? Http.body(req) : InputStream.nullInputStream();
        return new BlobService.Body(in, ConnectionGuard.progressOf(req));
    }

    /** A manifest body, at most {@link ManifestService#MAX_MANIFEST_BYTES}; 413 beyond. */
    static byte[] manifest(ServerRequest req) {
        try {
            return Http.readBody(req, ManifestService.MAX_MANIFEST_BYTES);
        } catch (ApiException e) {
            if (e.status().code() == 413) {
                throw ManifestService.tooLarge();
            }
            throw OciError.MANIFEST_INVALID.with("the manifest could not be read", null);
        }
    }

    /**
     * Runs an upload step, turning a body that could not be read into the right end: a client that
     * left gets its connection closed quietly, a malformed body a 400.
     */
    static <T> T reading(java.util.function.Supplier<T> step) {
        try {
            return step.get();
        } catch (BlobService.BodyReadException e) {
            Throwable cause = e.getCause();
            if (cause instanceof CloseConnectionException
                    || cause instanceof DataReader.InsufficientDataAvailableException
                    || cause instanceof java.io.UncheckedIOException) {
                throw new ServerConnectionException("Connection ended inside an upload body", e);
            }
            throw OciError.BLOB_UPLOAD_INVALID.with("the request body could not be read", null);
        }
    }

    /** The header every answer under {@code /v2/} carries. */
    static void apiVersion(ServerResponse res) {
        res.header(OciError.API_VERSION_HEADER, OciError.API_VERSION);
    }

    /** A non-negative page size {@code n}, clamped to the largest page; 400 otherwise. */
    static Optional<Integer> pageSize(ServerRequest req) {
        Optional<String> n = req.query().first("n").asOptional();
        if (n.isEmpty()) {
            return Optional.empty();
        }
        try {
            int value = Integer.parseInt(n.get());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return Optional.of(Math.min(value, ManifestService.MAX_PAGE));
        } catch (NumberFormatException e) {
            throw OciError.PAGINATION_NUMBER_INVALID.with(
                    "n must be a non-negative number", Map.of("n", abbreviate(n.get())));
        }
    }

    static String abbreviate(String value) {
        return value == null ? "" : value.length() > 200 ? value.substring(0, 200) + "..." : value;
    }
}
