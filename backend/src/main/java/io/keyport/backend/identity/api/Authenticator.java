package io.keyport.backend.identity.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.http.RequestInfo;
import io.keyport.backend.identity.service.AuthService;
import io.keyport.backend.identity.service.Principal;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the caller of a request. Accepted, as upstream: {@code Authorization: Bearer <t>},
 * {@code Token <t>}, Basic {@code oauth2:<t>}; and Basic {@code user:password} or a service's
 * {@code client_id:client_secret} for registry clients. No credentials or invalid ones are 401; a throttled password is 429.
 */
public final class Authenticator {

    /** The shape of a service's client id ({@code <application>.<12 hex digits>}). */
    private static final java.util.regex.Pattern CLIENT_ID =
            java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_.-]*\\.[0-9a-f]{12}");

    private final AuthService auth;

    public Authenticator(AuthService auth) {
        this.auth = auth;
    }

    /** The authenticated caller, or 401. */
    public Principal require(ServerRequest req) {
        Principal p = optional(req).orElseThrow(() -> ApiException.unauthorized("missing or invalid credentials"));
        RequestInfo.of(req).actor(p.uid());
        return p;
    }

    /** A caller that may read: authenticated and holding {@code uid}. */
    public Principal reader(ServerRequest req) {
        Principal p = require(req);
        auth.requireRead(p);
        return p;
    }

    /** The caller if credentials were sent and are valid; empty if none were sent; 401 if they are invalid. */
    public Optional<Principal> optional(ServerRequest req) {
        return fromHeader(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null), address(req));
    }

    /**
     * The caller named by an {@code Authorization} header value from {@code address}: empty when
     * the header is missing or blank, else the principal, else a 401 (a 429 for a throttled
     * password) {@link ApiException}; never any other exception.
     */
    public Optional<Principal> fromHeader(String header, String address) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String value = header.trim();
        int space = value.indexOf(' ');
        if (space < 0) {
            throw ApiException.unauthorized("malformed Authorization header");
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = value.substring(space + 1).trim();
        Optional<Principal> principal = switch (scheme) {
            case "bearer", "token" -> auth.principalForToken(credentials);
            case "basic" -> basic(credentials, address);
            default -> Optional.empty();
        };
        if (principal.isEmpty()) {
            throw ApiException.unauthorized("invalid or expired credentials");
        }
        return principal;
    }

    private Optional<Principal> basic(String encoded, String address) {
        Optional<AuthService.BasicCredentials> pair = AuthService.basic(encoded);
        if (pair.isEmpty()) {
            return Optional.empty();
        }
        String user = pair.get().user();
        String secret = pair.get().password();
        if (user.equals("oauth2")) {
            return auth.principalForToken(secret);
        }
        if (CLIENT_ID.matcher(user).matches()) {
            Optional<Principal> service = auth.principalForClient(user, secret, address);
            if (service.isPresent()) {
                return service;
            }
        }
        return auth.principalForPassword(user, secret, address);
    }

    /**
     * The principal of a Keyport access token in {@code header} ({@code Bearer <token>} or Basic
     * {@code oauth2:<token>}) even if it has expired; empty for anything else. For the registry's
     * upload sessions, which continue on the principal that began them (decision 0033).
     */
    public Optional<Principal> fromHeaderEvenExpired(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String value = header.trim();
        int space = value.indexOf(' ');
        if (space < 0) {
            return Optional.empty();
        }
        String scheme = value.substring(0, space).toLowerCase(Locale.ROOT);
        String credentials = value.substring(space + 1).trim();
        if (scheme.equals("bearer")) {
            return auth.principalForTokenEvenExpired(credentials);
        }
        if (scheme.equals("basic")) {
            return AuthService.basic(credentials)
                    .filter(pair -> pair.user().equals("oauth2"))
                    .flatMap(pair -> auth.principalForTokenEvenExpired(pair.password()));
        }
        return Optional.empty();
    }

    /** The client address used for login throttling. */
    public static String address(ServerRequest req) {
        return req.remotePeer().address() instanceof InetSocketAddress inet
                ? inet.getAddress().getHostAddress()
                : String.valueOf(req.remotePeer().address());
    }
}
