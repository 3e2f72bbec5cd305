package io.keyport.backend.identity;

import io.helidon.webserver.http.HttpService;
import io.keyport.backend.identity.api.Authenticator;
import io.keyport.backend.identity.api.ServiceAccountsHttpService;
import io.keyport.backend.identity.api.TeamsHttpService;
import io.keyport.backend.identity.api.TokenHttpService;
import io.keyport.backend.identity.service.AccountService;
import io.keyport.backend.identity.service.AuthService;
import io.keyport.backend.identity.service.LoginThrottle;
import io.keyport.backend.identity.service.OidcVerifier;
import io.keyport.backend.identity.service.PasswordHasher;
import io.keyport.backend.identity.service.PrincipalCache;
import io.keyport.backend.identity.service.ScopeRegistry;
import io.keyport.backend.identity.service.Scopes;
import io.keyport.backend.identity.service.SecretFiles;
import io.keyport.backend.identity.service.ServiceAccountService;
import io.keyport.backend.identity.service.ServiceDirectory;
import io.keyport.backend.identity.service.TokenService;
import io.keyport.backend.identity.store.ServiceStore;
import io.keyport.backend.identity.store.TeamStore;
import io.keyport.backend.identity.store.UserStore;
import io.keyport.backend.platform.DomainModule;
import io.keyport.backend.platform.Platform;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Identity: people, teams, service credentials, the OAuth2 token endpoints, and the first admin.
 * Needs the applications only through {@link ServiceDirectory}; offers the domains built after it
 * {@link IdentityPorts}, among them the {@link ScopeRegistry} in which it registered its own scopes
 * and in which later domains register theirs. Reads only {@link IdentityConfig} and the HTTP body limit.
 */
public final class IdentityModule implements DomainModule {

    private static final Logger LOG = Logger.getLogger(IdentityModule.class.getName());

    private final IdentityPorts ports;
    private final List<HttpService> httpServices;
    private final Optional<Path> generatedPasswordFile;

    public IdentityModule(Platform p, ServiceDirectory applications) {
        IdentityConfig config = p.config().identity();
        PrincipalCache principals = new PrincipalCache();
        ScopeRegistry scopes = new ScopeRegistry().register("identity", Scopes.IDENTITY);
        AccountService accounts = new AccountService(
                p.db(),
                new UserStore(),
                new TeamStore(),
                p.audit(),
                new PasswordHasher(),
                principals::clear,
                applications,
                p.clock());
        ServiceAccountService serviceAccounts = new ServiceAccountService(
                p.db(), new ServiceStore(), p.audit(), principals::clear, applications, scopes, p.clock());
        TokenService tokens =
                TokenService.open(config.tokens().keyFile(), config.tokens().ttl(), p.clock());
        Optional<OidcVerifier> oidc = config.oidc()
                .map(o -> new OidcVerifier(
                        o.issuer(),
                        o.jwksUrl().toString(),
                        o.audience().orElse(null),
                        o.uidClaim(),
                        o.teamsClaim(),
                        o.realmClaim().orElse(null)));
        AuthService auth = new AuthService(
                accounts,
                serviceAccounts,
                tokens,
                new LoginThrottle(p.clock()::millis),
                oidc,
                config.oidc().flatMap(OidcConfig::adminTeam),
                principals,
                scopes,
                p.clock());
        Authenticator authenticator = new Authenticator(auth);
        this.ports = new IdentityPorts(authenticator, auth, accounts, serviceAccounts, principals, scopes, auth);
        this.generatedPasswordFile = bootstrapAdmin(config, accounts);
        p.openApi().contribute("identity", "/openapi/identity.yaml");
        long maxBody = p.config().http().maxJsonBody();
        this.httpServices = List.of(
                new TokenHttpService(auth, p.routes()),
                new TeamsHttpService(accounts, authenticator, p.routes(), maxBody),
                new ServiceAccountsHttpService(serviceAccounts, authenticator, p.routes(), maxBody));
    }

    private static Optional<Path> bootstrapAdmin(IdentityConfig config, AccountService accounts) {
        Optional<String> generated = accounts.bootstrapAdmin(config.adminPassword());
        if (generated.isEmpty()) {
            return Optional.empty();
        }
        Path file = config.initialPasswordFile();
        try {
            SecretFiles.write(file, generated.get() + System.lineSeparator());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        LOG.info("Created user admin; its generated password is in " + file.toAbsolutePath());
        return Optional.of(file);
    }

    public IdentityPorts ports() {
        return ports;
    }

    /** Where the generated admin password was written on this start, if one was generated. */
    public Optional<Path> generatedPasswordFile() {
        return generatedPasswordFile;
    }

    @Override
    public List<HttpService> httpServices() {
        return httpServices;
    }
}
