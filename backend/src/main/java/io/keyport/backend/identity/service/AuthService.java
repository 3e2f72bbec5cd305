package io.keyport.backend.identity.service;

import com.nimbusds.jwt.SignedJWT;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.store.UserStore;
import io.keyport.model.identity.CredentialInfo;
import io.keyport.model.identity.TokenInfo;
import io.keyport.model.identity.TokenResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Authentication and the rules every domain shares: the OAuth2 grants, turning a token or a
 * password into a {@link Principal}, and the team-write rule of Kio and Pier One.
 *
 * <p>A principal reflects the identity's state now, not when the token was issued: a deleted user,
 * a revoked credential or an inactive application ends its tokens, and scopes are narrowed to what
 * the identity still holds. Resolved principals are cached for {@value #CACHE_SECONDS} seconds;
 * changes made through this server clear the cache at once, changes on other replicas apply within
 * that time.
 */
public final class AuthService implements Authorizer, TokenMinter {

    static final long CACHE_SECONDS = 10;

    private final AccountService accounts;
    private final ServiceAccountService services;
    private final TokenService tokens;
    private final LoginThrottle throttle;
    private final Optional<OidcVerifier> oidc;
    private final Optional<String> oidcAdminTeam;
    private final Clock clock;
    private final PrincipalCache cache;
    private final ScopeRegistry known;

    public AuthService(
            AccountService accounts,
            ServiceAccountService services,
            TokenService tokens,
            LoginThrottle throttle,
            Optional<OidcVerifier> oidc,
            Optional<String> oidcAdminTeam,
            PrincipalCache cache,
            ScopeRegistry known,
            Clock clock) {
        this.accounts = accounts;
        this.services = services;
        this.tokens = tokens;
        this.throttle = throttle;
        this.oidc = oidc;
        this.oidcAdminTeam = oidcAdminTeam;
        this.cache = cache;
        this.known = known;
        this.clock = clock;
    }

    // ---- grants

    /** {@code grant_type=password}. */
    public TokenResponse passwordGrant(String username, String password, String scope, String address) {
        if (username == null || username.isEmpty() || password == null) {
            throw OAuthError.INVALID_REQUEST.with("username and password are required");
        }
        UserStore.UserRow user = checkPassword(username, password, address, OAuthError::slowDown)
                .orElseThrow(() -> OAuthError.INVALID_GRANT.with("Invalid username or password"));
        Set<String> held = employeeScopes(user.admin());
        Set<String> granted = grant(held, scope);
        TokenService.Issued issued = tokens.issue(user.uid(), Realm.EMPLOYEES, granted, null, user.created());
        return response(issued, granted);
    }

    /** {@code grant_type=client_credentials} with the client's id and secret. */
    public TokenResponse clientCredentialsGrant(String clientId, String secret, String scope, String address) {
        if (clientId == null || clientId.isEmpty() || secret == null) {
            throw OAuthError.INVALID_CLIENT.with(
                    "Client authentication is required (HTTP Basic client_id:client_secret)");
        }
        String throttleKey = "client:" + clientId;
        long wait = throttle.retryAfter(throttleKey, address);
        if (wait > 0) {
            throw OAuthError.slowDown(wait);
        }
        Optional<CredentialInfo> credential = services.authenticate(clientId, secret);
        Optional<ServiceAccountService.ServiceIdentity> identity =
                credential.flatMap(c -> services.identity(c.clientId()));
        if (identity.isEmpty()) {
            throttle.failure(throttleKey, address);
            throw OAuthError.INVALID_CLIENT.with("Invalid client credentials, or the application is not active");
        }
        throttle.success(throttleKey, address);
        Set<String> held = serviceScopes(identity.get().grantedScopes());
        Set<String> granted = grant(held, scope);
        TokenService.Issued issued = tokens.issue(identity.get().applicationId(), Realm.SERVICES, granted, clientId);
        return response(issued, granted);
    }

    private TokenResponse response(TokenService.Issued issued, Set<String> granted) {
        long expiresIn = Math.max(
                0, Duration.between(clock.instant(), issued.expiresAt()).toSeconds());
        return new TokenResponse(issued.token(), "Bearer", expiresIn, String.join(" ", new TreeSet<>(granted)));
    }

    private static Set<String> grant(Set<String> held, String scope) {
        if (scope == null || scope.isBlank()) {
            return held;
        }
        Set<String> requested = new LinkedHashSet<>(Arrays.asList(scope.trim().split("[\\s,]+")));
        for (String s : requested) {
            if (!held.contains(s)) {
                throw OAuthError.INVALID_SCOPE.with("Scope " + s + " is unknown or not held by this identity");
            }
        }
        return requested;
    }

    private Set<String> employeeScopes(boolean admin) {
        return admin ? known.all() : Scopes.EMPLOYEE_DEFAULT;
    }

    private Set<String> serviceScopes(Set<String> granted) {
        Set<String> held = new TreeSet<>(granted);
        held.add(Scopes.UID);
        held.retainAll(known.all());
        held.remove(Scopes.ADMIN);
        return held;
    }

    // ---- authentication

    /** The principal of an access token, ours or the external provider's; empty when invalid. */
    public Optional<Principal> principalForToken(String token) {
        long now = clock.millis();
        Optional<Principal> cached = cache.find(token, now);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<Principal> principal = resolveToken(token);
        principal.ifPresent(p -> remember(token, p, now));
        return principal;
    }

    /**
     * The principal of a person's uid and password (HTTP Basic on the APIs), throttled like the
     * password grant: a throttled attempt is 429 before the password is checked.
     */
    public Optional<Principal> principalForPassword(String uid, String password, String address) {
        String key = "basic\n" + uid + "\n" + ServiceAccountService.sha256(password);
        long now = clock.millis();
        Optional<Principal> cached = cache.find(key, now);
        if (cached.isPresent()) {
            return cached;
        }
        Optional<Principal> principal = checkPassword(
                        uid, password, address, wait -> ApiException.tooManyRequests("Too many failed logins", wait))
                .map(user -> new Principal(
                        user.uid(),
                        Realm.EMPLOYEES,
                        employeeScopes(user.admin()),
                        user.admin(),
                        user.teams(),
                        null,
                        null,
                        false));
        principal.ifPresent(p -> remember(key, p, now));
        return principal;
    }

    /**
     * The principal of a service's client credentials sent as HTTP Basic {@code client_id:secret}
     * (registry clients log in this way), throttled like the client-credentials grant: a throttled
     * attempt is 429 before the secret is checked. Scopes are the service's granted ones, as in a
     * token of that grant without a {@code scope} parameter.
     */
    public Optional<Principal> principalForClient(String clientId, String secret, String address) {
        String key = "client\n" + clientId + "\n" + ServiceAccountService.sha256(secret);
        long now = clock.millis();
        Optional<Principal> cached = cache.find(key, now);
        if (cached.isPresent()) {
            return cached;
        }
        String throttleKey = "client:" + clientId;
        long wait = throttle.retryAfter(throttleKey, address);
        if (wait > 0) {
            throw ApiException.tooManyRequests("Too many failed logins", wait);
        }
        Optional<ServiceAccountService.ServiceIdentity> identity =
                services.authenticate(clientId, secret).flatMap(c -> services.identity(c.clientId()));
        if (identity.isEmpty()) {
            throttle.failure(throttleKey, address);
            return Optional.empty();
        }
        throttle.success(throttleKey, address);
        Principal principal = new Principal(
                identity.get().applicationId(),
                Realm.SERVICES,
                Set.copyOf(serviceScopes(identity.get().grantedScopes())),
                false,
                Set.of(identity.get().teamId()),
                null,
                clientId,
                false);
        remember(key, principal, now);
        return Optional.of(principal);
    }

    /** A token of ours for an authenticated caller of Keyport's own realms, with its present scopes. */
    @Override
    public TokenService.Issued mint(Principal caller) {
        if (caller.external()) {
            throw new IllegalArgumentException("tokens are minted for Keyport's own identities only");
        }
        Instant created = caller.isEmployee()
                ? accounts.find(caller.uid()).map(UserStore.UserRow::created).orElse(null)
                : null;
        return tokens.issue(caller.uid(), caller.realm(), caller.scopes(), caller.clientId(), created);
    }

    /** {@code throttled} is the answer of the caller's API family to a throttled attempt. */
    private Optional<UserStore.UserRow> checkPassword(
            String uid, String password, String address, java.util.function.LongFunction<ApiException> throttled) {
        long wait = throttle.retryAfter(uid, address);
        if (wait > 0) {
            throw throttled.apply(wait);
        }
        Optional<UserStore.UserRow> user = accounts.authenticate(uid, password);
        if (user.isPresent()) {
            throttle.success(uid, address);
            return user;
        }
        throttle.failure(uid, address);
        return Optional.empty();
    }

    private void remember(String key, Principal principal, long now) {
        long until = now + CACHE_SECONDS * 1000;
        if (principal.expiresAt() != null) {
            until = Math.min(until, principal.expiresAt().toEpochMilli());
        }
        cache.remember(key, principal, now, until);
    }

    /**
     * The principal of one of Keyport's own access tokens that may have expired: signature, issuer
     * and the identity's present state are checked as for {@link #principalForToken}, the expiry
     * is not (the principal's {@code expiresAt} tells it). Only for continuing an operation the same
     * principal began while the token was valid (a registry upload session); never cached.
     */
    public Optional<Principal> principalForTokenEvenExpired(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
            if (!TokenService.ISSUER.equals(jwt.getJWTClaimsSet().getIssuer())) {
                return Optional.empty();
            }
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
        return tokens.verify(jwt, true).flatMap(this::ours);
    }

    private Optional<Principal> resolveToken(String token) {
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException e) {
            // Nimbus throws NullPointerException for a header that decodes to JSON null
            return Optional.empty();
        }
        String issuer;
        try {
            issuer = jwt.getJWTClaimsSet().getIssuer();
        } catch (ParseException e) {
            return Optional.empty();
        }
        if (TokenService.ISSUER.equals(issuer)) {
            return tokens.verify(jwt).flatMap(this::ours);
        }
        if (oidc.isPresent() && oidc.get().issuer().equals(issuer)) {
            return oidc.get().verify(jwt).map(this::external);
        }
        return Optional.empty();
    }

    private Optional<Principal> ours(TokenService.Claims claims) {
        if (claims.realm() == Realm.EMPLOYEES) {
            return accounts.find(claims.uid())
                    .filter(user -> issuedToThisUser(claims, user))
                    .map(user -> {
                        Set<String> scopes = new TreeSet<>(claims.scopes());
                        scopes.retainAll(employeeScopes(user.admin()));
                        return new Principal(
                                user.uid(),
                                Realm.EMPLOYEES,
                                Set.copyOf(scopes),
                                user.admin() && scopes.contains(Scopes.ADMIN),
                                user.teams(),
                                claims.expiresAt(),
                                null,
                                false);
                    });
        }
        if (claims.clientId() == null) {
            return Optional.empty();
        }
        return services.identity(claims.clientId())
                .filter(id -> id.applicationId().equals(claims.uid()))
                .map(id -> {
                    Set<String> scopes = new TreeSet<>(claims.scopes());
                    scopes.retainAll(serviceScopes(id.grantedScopes()));
                    return new Principal(
                            id.applicationId(),
                            Realm.SERVICES,
                            Set.copyOf(scopes),
                            false,
                            Set.of(id.teamId()),
                            claims.expiresAt(),
                            claims.clientId(),
                            false);
                });
    }

    /**
     * Whether a token names this user and not a deleted one of the same uid: by the user's creation
     * time signed into the token, or, for tokens without it, by issue time (whole seconds).
     */
    private static boolean issuedToThisUser(TokenService.Claims claims, UserStore.UserRow user) {
        if (claims.subjectCreated() != null) {
            return claims.subjectCreated().toEpochMilli() == user.created().toEpochMilli();
        }
        return !claims.issuedAt().isBefore(user.created().truncatedTo(ChronoUnit.SECONDS));
    }

    private Principal external(OidcVerifier.External ext) {
        Set<String> teams = new TreeSet<>(ext.teams());
        if (ext.realm() == Realm.EMPLOYEES) {
            accounts.find(ext.uid()).ifPresent(local -> teams.addAll(local.teams()));
        }
        boolean admin = ext.realm() == Realm.EMPLOYEES
                && oidcAdminTeam.map(teams::contains).orElse(false);
        Set<String> held =
                ext.realm() == Realm.EMPLOYEES ? employeeScopes(admin) : Set.of(Scopes.UID, Scopes.APPLICATION_WRITE);
        Set<String> scopes = new TreeSet<>(ext.scopesGiven() ? ext.scopes() : held);
        if (ext.scopesGiven() && ext.realm() == Realm.EMPLOYEES) {
            scopes.add(Scopes.UID);
        }
        scopes.retainAll(held);
        return new Principal(
                ext.uid(),
                ext.realm(),
                Set.copyOf(scopes),
                admin && scopes.contains(Scopes.ADMIN),
                Set.copyOf(teams),
                ext.expiresAt(),
                null,
                true);
    }

    /** The planb view of a token; 400 {@code invalid_token} when it is not valid. */
    public TokenInfo tokenInfo(String token) {
        Principal p =
                principalForToken(token).orElseThrow(() -> OAuthError.INVALID_TOKEN.with("Access token not valid"));
        long expiresIn = p.expiresAt() == null
                ? 0
                : Math.max(0, Duration.between(clock.instant(), p.expiresAt()).toSeconds());
        return new TokenInfo(p.uid(), p.realm().path(), List.copyOf(new TreeSet<>(p.scopes())), expiresIn, token);
    }

    // ---- authorization rules shared by the domains

    /**
     * Kio's and Pier One's write rule for a team's resources: the token must carry {@code uid};
     * admins and holders of {@code application.write_all} may write anywhere; otherwise the caller
     * must act for the team (a member, or a service owned by it) and a service must also hold
     * {@code application.write}.
     */
    @Override
    public void requireTeamWrite(Principal caller, String team) {
        if (!caller.hasScope(Scopes.UID)) {
            throw ApiException.forbidden("the token lacks scope uid");
        }
        if (caller.admin() || caller.hasScope(Scopes.APPLICATION_WRITE_ALL)) {
            return;
        }
        if (!caller.memberOf(team)) {
            throw ApiException.forbidden("not a member of team " + team);
        }
        if (caller.isService() && !caller.hasScope(Scopes.APPLICATION_WRITE)) {
            throw ApiException.forbidden("service tokens need scope application.write");
        }
    }

    /**
     * The person accountable for what the caller writes: a person's own uid; for a service, the
     * person who created the credential its token came from; empty when unknown (a service token
     * of the external identity provider). Four eyes keeps that person from approving the write.
     */
    @Override
    public Optional<String> responsiblePerson(Principal caller) {
        if (caller.isEmployee()) {
            return Optional.of(caller.uid());
        }
        return caller.clientId() == null ? Optional.empty() : services.credentialCreator(caller.clientId());
    }

    /** Reading needs a valid token with {@code uid}. */
    @Override
    public void requireRead(Principal caller) {
        if (!caller.hasScope(Scopes.UID)) {
            throw ApiException.forbidden("the token lacks scope uid");
        }
    }

    @Override
    public void requireAdmin(Principal caller) {
        AccountService.requireAdmin(caller);
    }

    /** The two halves of an HTTP Basic credential, {@code user:password}, split at the first colon. */
    public record BasicCredentials(String user, String password) {}

    /** Decodes a Basic credential into user and password; empty when malformed. */
    public static Optional<BasicCredentials> basic(String encoded) {
        try {
            String decoded = new String(java.util.Base64.getDecoder().decode(encoded.trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0
                    ? Optional.empty()
                    : Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
