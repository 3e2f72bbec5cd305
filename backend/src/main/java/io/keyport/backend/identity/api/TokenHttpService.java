package io.keyport.backend.identity.api;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.keyport.backend.http.Http;
import io.keyport.backend.http.RouteRegistry;
import io.keyport.backend.http.Routes;
import io.keyport.backend.identity.service.AuthService;
import io.keyport.backend.identity.service.OAuthError;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * OAuth2 token endpoints.
 *
 * <pre>
 * POST /oauth2/token       curl -d grant_type=password -d username=admin -d password=... http://localhost:8080/oauth2/token
 *                          curl -u "$CLIENT_ID:$SECRET" -d grant_type=client_credentials http://localhost:8080/oauth2/token
 * GET  /oauth2/tokeninfo   curl "http://localhost:8080/oauth2/tokeninfo?access_token=$TOKEN"
 * </pre>
 */
public final class TokenHttpService implements HttpService {

    private static final long FORM_LIMIT = 16 * 1024;

    private final AuthService auth;
    private final RouteRegistry registry;

    public TokenHttpService(AuthService auth, RouteRegistry registry) {
        this.auth = auth;
        this.registry = registry;
    }

    @Override
    public void routing(HttpRules rules) {
        new Routes(rules, registry).post("/oauth2/token", this::token).get("/oauth2/tokeninfo", this::tokenInfo);
    }

    private void token(ServerRequest req, ServerResponse res) {
        Map<String, String> form = Http.readForm(req, FORM_LIMIT);
        String grantType = form.get("grant_type");
        String address = Authenticator.address(req);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        if ("password".equals(grantType)) {
            Http.ok(res, auth.passwordGrant(form.get("username"), form.get("password"), form.get("scope"), address));
        } else if ("client_credentials".equals(grantType)) {
            String clientId = form.get("client_id");
            String secret = form.get("client_secret");
            Optional<String> header = req.headers().first(HeaderNames.AUTHORIZATION);
            if (header.isPresent() && header.get().toLowerCase(Locale.ROOT).startsWith("basic ")) {
                AuthService.BasicCredentials basic = AuthService.basic(
                                header.get().substring(6))
                        .orElseThrow(() -> OAuthError.INVALID_CLIENT.with("Malformed Basic credentials"));
                clientId = decode(basic.user());
                secret = decode(basic.password());
            }
            Http.ok(res, auth.clientCredentialsGrant(clientId, secret, form.get("scope"), address));
        } else if (grantType == null || grantType.isEmpty()) {
            throw OAuthError.INVALID_REQUEST.with("grant_type is required");
        } else {
            throw OAuthError.UNSUPPORTED_GRANT_TYPE.with("Supported grant types: password, client_credentials");
        }
    }

    /** RFC 6749 section 2.3.1: client id and secret are form-encoded inside the Basic credential. */
    private static String decode(String value) {
        try {
            return java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    private void tokenInfo(ServerRequest req, ServerResponse res) {
        Optional<String> token = Http.query(req, "access_token");
        if (token.isEmpty()) {
            token = req.headers()
                    .first(HeaderNames.AUTHORIZATION)
                    .filter(h -> h.toLowerCase(Locale.ROOT).startsWith("bearer "))
                    .map(h -> h.substring(7).trim());
        }
        if (token.isEmpty()) {
            throw OAuthError.INVALID_REQUEST.with("access_token is required");
        }
        Http.ok(res, auth.tokenInfo(token.get()));
    }
}
