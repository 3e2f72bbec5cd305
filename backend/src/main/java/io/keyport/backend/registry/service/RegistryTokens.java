package io.keyport.backend.registry.service;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.backend.identity.service.TokenMinter;
import io.keyport.backend.identity.service.TokenService;
import io.keyport.model.common.Json;
import io.keyport.model.registry.RepositoryName;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The Docker registry token flow (distribution's token auth spec): a client that got a 401
 * challenge asks {@code GET /v2/token?service=keyport&scope=repository:<name>:pull,push} with its
 * credentials and retries with {@code Authorization: Bearer <token>}. Missing rights are not an
 * error: the token grants the intersection of the actions asked and those the caller holds, and
 * the registry enforces both that grant and the caller's rights at every request.
 *
 * <p>A token is {@code kpr1.} followed by base64url JSON: a Keyport access token of the caller
 * ({@code t}, minted with the caller's present scopes) and the grant ({@code a}). The grant only
 * narrows what the inner token allows, so it needs no signature of its own; the token is as
 * secret as the inner token (decision 0025).
 */
public final class RegistryTokens {

    /** The {@code service} of the challenge and of the token endpoint. */
    public static final String SERVICE = "keyport";

    private static final String PREFIX = "kpr1.";

    private final TokenMinter minter;
    private final RegistryAccess access;
    private final Clock clock;

    public RegistryTokens(TokenMinter minter, RegistryAccess access, Clock clock) {
        this.minter = minter;
        this.access = access;
        this.clock = clock;
    }

    /** One granted resource (the {@code access} claim of distribution's tokens). */
    public record Grant(String type, String name, List<String> actions) {}

    /** An issued token, as the token endpoint answers it. */
    public record Issued(String token, long expiresIn, Instant issuedAt, List<Grant> access) {}

    /** What a registry token carries: the inner access token (null: anonymous) and the grant. */
    public record Decoded(String innerToken, Map<String, Set<String>> access) {}

    /** A token for {@code caller} (null: anonymous) and the scopes it asks. */
    public Issued issue(RegistryCaller caller, List<String> scopes) {
        List<Grant> grants = new ArrayList<>();
        Map<String, Set<String>> byRepository = new LinkedHashMap<>();
        for (String scope : scopes) {
            for (String one : scope.trim().split("\\s+")) {
                grant(caller, one).ifPresent(g -> {
                    grants.add(g);
                    if (g.type().equals("repository")) {
                        byRepository
                                .computeIfAbsent(g.name(), k -> new TreeSet<>())
                                .addAll(g.actions());
                    }
                });
            }
        }
        Instant now = clock.instant();
        String inner = null;
        long expiresIn = 60;
        if (!caller.anonymous() && !caller.principal().external()) {
            TokenService.Issued issued = minter.mint(caller.principal());
            inner = issued.token();
            expiresIn = Math.max(60, Duration.between(now, issued.expiresAt()).toSeconds());
        }
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("t", inner);
        payload.put("a", byRepository);
        try {
            String token = PREFIX
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(Json.mapper().writeValueAsBytes(payload));
            return new Issued(token, expiresIn, now, grants);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a registry token", e);
        }
    }

    /** The grant for one scope {@code type:name:actions}; empty when nothing is granted. */
    private Optional<Grant> grant(RegistryCaller caller, String scope) {
        int first = scope.indexOf(':');
        int last = scope.lastIndexOf(':');
        if (first <= 0 || last == first) {
            return Optional.empty();
        }
        String type = scope.substring(0, first);
        String name = scope.substring(first + 1, last);
        Set<String> asked =
                new LinkedHashSet<>(List.of(scope.substring(last + 1).split(",")));
        List<String> granted = new ArrayList<>();
        if (type.equals("repository") && RepositoryName.isValid(name)) {
            RepositoryName repository = RepositoryName.parse(name);
            boolean all = asked.contains("*");
            if ((all || asked.contains("pull")) && access.allowedToPull(caller, repository)) {
                granted.add("pull");
            }
            if ((all || asked.contains("push")) && access.allowedToPush(caller, repository)) {
                granted.add("push");
            }
        } else if (type.equals("registry") && name.equals("catalog") && asked.contains("*")) {
            if (access.allowedToPull(caller)) {
                granted.add("*");
            }
        }
        return granted.isEmpty() ? Optional.empty() : Optional.of(new Grant(type, name, granted));
    }

    /** Whether {@code bearer} is one of our registry tokens (rather than a plain access token). */
    public static boolean isRegistryToken(String bearer) {
        return bearer.startsWith(PREFIX);
    }

    /** Decodes a registry token; empty when it is malformed. */
    public static Optional<Decoded> decode(String token) {
        if (!isRegistryToken(token) || token.length() > 16 * 1024) {
            return Optional.empty();
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
            Map<String, Object> payload = Json.mapper().readValue(json, new TypeReference<Map<String, Object>>() {});
            Object inner = payload.get("t");
            Map<String, Set<String>> grant = Json.mapper()
                    .convertValue(
                            payload.getOrDefault("a", Map.of()), new TypeReference<Map<String, Set<String>>>() {});
            if (inner != null && !(inner instanceof String)) {
                return Optional.empty();
            }
            return Optional.of(new Decoded((String) inner, grant == null ? Map.of() : grant));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
