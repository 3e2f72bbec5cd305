package io.keyport.backend.identity.service;

import io.keyport.backend.audit.service.Actor;
import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.db.Database;
import io.keyport.backend.http.ApiException;
import io.keyport.backend.identity.store.ServiceStore;
import io.keyport.model.common.Timestamps;
import io.keyport.model.identity.ClientCredentials;
import io.keyport.model.identity.CredentialInfo;
import io.keyport.model.identity.ServiceScopes;
import io.keyport.model.identity.ServiceScopesRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Service identities: every registered application is a service of its team. Team members (or
 * admins) create and revoke its client credentials; admins grant it scopes. A secret is shown
 * once; only its SHA-256 is stored (secrets are 256 random bits, so a slow KDF adds nothing).
 */
public final class ServiceAccountService implements ServiceCredentials {

    private final Database db;
    private final ServiceStore store;
    private final AuditService audit;
    private final Runnable identityChanged;
    private final SecureRandom random = new SecureRandom();
    private final ServiceDirectory directory;
    private final java.time.Clock clock;
    private final ScopeRegistry known;

    /**
     * @param identityChanged called after a committed change that alters principals (clears the {@link PrincipalCache})
     * @param directory       the applications the credentials belong to
     * @param known           the scopes that may be granted
     */
    public ServiceAccountService(
            Database db,
            ServiceStore store,
            AuditService audit,
            Runnable identityChanged,
            ServiceDirectory directory,
            ScopeRegistry known,
            java.time.Clock clock) {
        this.clock = clock;
        this.known = known;
        this.db = db;
        this.store = store;
        this.audit = audit;
        this.identityChanged = identityChanged;
        this.directory = directory;
    }

    public ClientCredentials createCredential(Principal caller, String applicationId) {
        ServiceDirectory.ServiceApplication app = manageable(caller, applicationId);
        byte[] idBytes = new byte[6];
        random.nextBytes(idBytes);
        String clientId = app.id() + "." + HexFormat.of().formatHex(idBytes);
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        db.inTransaction(c -> {
            store.insertCredential(c, clientId, app.id(), sha256(secret), caller.uid(), Timestamps.now(clock));
            IdentityAudit.credentialCreated(app.id()).append(audit, c, caller.actor(), Map.of("client_id", clientId));
            return null;
        });
        return new ClientCredentials(clientId, secret);
    }

    public List<CredentialInfo> credentials(Principal caller, String applicationId) {
        ServiceDirectory.ServiceApplication app = manageable(caller, applicationId);
        return db.read(c -> store.listCredentials(c, app.id()));
    }

    public void revokeCredential(Principal caller, String applicationId, String clientId) {
        ServiceDirectory.ServiceApplication app = manageable(caller, applicationId);
        db.inTransaction(c -> {
            if (!store.revoke(c, app.id(), clientId, Timestamps.now(clock))) {
                throw ApiException.notFound("No valid credential " + clientId + " for application " + app.id());
            }
            IdentityAudit.credentialRevoked(app.id()).append(audit, c, caller.actor(), Map.of("client_id", clientId));
            return null;
        });
        identityChanged.run();
    }

    /**
     * Revokes every valid credential of an application inside the caller's transaction, one audit
     * entry each: called when the application moves to another team, so that nobody keeps a
     * credential that would act for a team they may not belong to. The caller clears cached
     * principals after commit.
     */
    @Override
    public void revokeAll(Connection c, Actor actor, String applicationId, String reason, Instant now)
            throws SQLException {
        for (CredentialInfo credential : store.listCredentials(c, applicationId)) {
            if (credential.revokedAt() == null && store.revoke(c, applicationId, credential.clientId(), now)) {
                IdentityAudit.credentialRevoked(applicationId)
                        .append(audit, c, actor, Map.of("client_id", credential.clientId(), "reason", reason));
            }
        }
    }

    public ServiceScopes scopes(String applicationId) {
        ServiceDirectory.ServiceApplication app = application(applicationId);
        return new ServiceScopes(List.copyOf(db.read(c -> store.scopes(c, app.id()))));
    }

    public ServiceScopes putScopes(Principal caller, String applicationId, ServiceScopesRequest body) {
        AccountService.requireAdmin(caller);
        ServiceDirectory.ServiceApplication app = application(applicationId);
        if (body.scopes() == null) {
            throw ApiException.badRequest("scopes is required", Map.of("field", "scopes"));
        }
        Set<String> scopes = new TreeSet<>(body.scopes());
        scopes.remove(Scopes.UID);
        if (scopes.contains(Scopes.ADMIN)) {
            throw ApiException.badRequest("Scope " + Scopes.ADMIN + " is for people only", Map.of("field", "scopes"));
        }
        for (String scope : scopes) {
            if (!known.isKnown(scope)) {
                throw ApiException.badRequest(
                        "Unknown scope " + scope, Map.of("field", "scopes", "known", List.copyOf(known.all())));
            }
        }
        db.inTransaction(c -> {
            store.setScopes(c, app.id(), scopes);
            IdentityAudit.scopesSet(app.id()).append(audit, c, caller.actor(), Map.of("scopes", List.copyOf(scopes)));
            return null;
        });
        identityChanged.run();
        return new ServiceScopes(List.copyOf(scopes));
    }

    /** The credential's application if the secret matches and the credential is valid. */
    Optional<CredentialInfo> authenticate(String clientId, String secret) {
        if (clientId.length() > 96 || clientId.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty(); // cannot be a client id; answer invalid_client on every database alike
        }
        Optional<ServiceStore.CredentialRow> row = db.read(c -> store.findCredential(c, clientId));
        if (row.isEmpty() || row.get().info().revokedAt() != null) {
            return Optional.empty();
        }
        boolean match = MessageDigest.isEqual(
                row.get().secretHash().getBytes(StandardCharsets.US_ASCII),
                sha256(secret).getBytes(StandardCharsets.US_ASCII));
        return match ? Optional.of(row.get().info()) : Optional.empty();
    }

    /** Who created a credential: the person accountable for what its service does. */
    Optional<String> credentialCreator(String clientId) {
        return db.read(c -> store.findCredential(c, clientId))
                .map(row -> row.info().createdBy());
    }

    /** The state of a credential and its application, for token validation. */
    Optional<ServiceIdentity> identity(String clientId) {
        return db.read(c -> {
                    Optional<ServiceStore.CredentialRow> row = store.findCredential(c, clientId);
                    if (row.isEmpty() || row.get().info().revokedAt() != null) {
                        return Optional.<ServiceIdentity>empty();
                    }
                    String appId = row.get().info().applicationId();
                    return Optional.of(new ServiceIdentity(appId, store.scopes(c, appId)));
                })
                .flatMap(id -> directory
                        .find(id.applicationId())
                        .filter(ServiceDirectory.ServiceApplication::active)
                        .map(app -> new ServiceIdentity(app.id(), id.grantedScopes(), app.teamId())));
    }

    /** A service's application, granted scopes and owning team. */
    record ServiceIdentity(String applicationId, Set<String> grantedScopes, String teamId) {
        ServiceIdentity(String applicationId, Set<String> grantedScopes) {
            this(applicationId, grantedScopes, null);
        }
    }

    private ServiceDirectory.ServiceApplication application(String applicationId) {
        return directory.find(applicationId).orElseThrow(() -> ApiException.notFound("application not found"));
    }

    private ServiceDirectory.ServiceApplication manageable(Principal caller, String applicationId) {
        ServiceDirectory.ServiceApplication app = application(applicationId);
        if (!caller.hasScope(Scopes.UID)) {
            throw ApiException.forbidden("the token lacks scope uid");
        }
        if (!caller.admin() && !(caller.isEmployee() && caller.memberOf(app.teamId()))) {
            throw ApiException.forbidden("only people of team " + app.teamId() + " or admins manage its credentials");
        }
        return app;
    }

    static String sha256(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
