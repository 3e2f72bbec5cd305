package io.keyport.backend.identity.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.audit.service.AuditService;
import io.keyport.backend.audit.store.AuditStore;
import io.keyport.backend.db.Database;
import io.keyport.backend.identity.store.TeamStore;
import io.keyport.backend.identity.store.UserStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A password check costs one Argon2id verification whether or not the user exists, so that the
 * answer time does not tell which user names exist (issue 5, defect 7). Asserted by counting the
 * verifications and checking their parameters, not by timing.
 */
class PasswordCheckCostTest {

    /** Records every stored hash it is asked to verify against. */
    static final class CountingHasher extends PasswordHasher {
        final List<String> verified = new CopyOnWriteArrayList<>();

        CountingHasher() {
            super(1024, 1, 1);
        }

        @Override
        public boolean verify(String password, String encoded) {
            verified.add(encoded);
            return super.verify(password, encoded);
        }
    }

    static Database db;
    static CountingHasher hasher;
    static AccountService accounts;
    static String parameters;

    @TempDir
    static java.nio.file.Path dir;

    @BeforeAll
    static void open() {
        db = Database.open(
                "jdbc:h2:file:" + dir.resolve("db").toAbsolutePath()
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                Optional.empty(),
                Optional.empty());
        hasher = new CountingHasher();
        accounts = new AccountService(
                db,
                new UserStore(),
                new TeamStore(),
                new AuditService(db, new AuditStore(), java.time.Clock.systemUTC()),
                hasher,
                () -> {},
                new io.keyport.backend.testing.NoApplications(),
                java.time.Clock.systemUTC());
        accounts.bootstrapAdmin(Optional.of("right-password-1"));
        String real = hasher.hash("x");
        parameters = real.substring(0, real.lastIndexOf('$', real.lastIndexOf('$') - 1));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource({
        "admin, right-password-1, true",
        "admin, wrong-password-1, false",
        "nobody, wrong-password-1, false",
        "nobody, right-password-1, false",
        "'not a uid!', any-password-1, false",
        "'', any-password-1, false"
    })
    void everyCheckRunsExactlyOneVerificationWithTheRealParameters(String uid, String password, boolean accepted) {
        hasher.verified.clear();

        boolean result = accounts.authenticate(uid, password).isPresent();

        assertThat(result).isEqualTo(accepted);
        assertThat(hasher.verified).hasSize(1);
        assertThat(hasher.verified.getFirst()).startsWith(parameters + "$");
    }
}
