package io.keyport.desktop.ceremony;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.keyfile.KeyFileSource;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bootstrap with custom delegations instead of hash bins (issue 11 §2): the delegations go into the
 * bundle's {@code settings.roles.delegations} as given, without bins; a delegations file of another
 * shape is refused before any ceremony file exists.
 */
class CeremonyDelegationsTest {

    private static final PinSource PASSWORD = (token, tries) -> "rehearsal".toCharArray();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

    private static Path onlineKey(Path dir) throws Exception {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        Key key = Key.of(KeyFiles.generate(SignatureScheme.ED25519).getPublic(), SignatureScheme.ED25519);
        doc.putObject("data").put("keyid", key.keyId()).set("key", key.toJson());
        return Files.write(dir.resolve("online-key.json"), TufJson.writePretty(doc));
    }

    private static JsonNode delegations() {
        return TufJson.parse("""
                {"roles": [
                  {"name": "releases", "terminating": true, "paths": ["releases/*"],
                   "keyids": [], "threshold": 1, "x-rstuf-expire-policy": 30},
                  {"name": "nightly", "terminating": false, "paths": ["nightly/*"],
                   "keyids": [], "threshold": 1, "x-rstuf-expire-policy": 2}
                ]}""".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    @Test
    void customDelegationsGoIntoTheBundleInsteadOfBins(@TempDir Path dir) throws Exception {
        BootstrapPlan bins = BootstrapPlan.withBins(2, 2);
        BootstrapPlan plan = new BootstrapPlan(bins.days(), null, delegations(), 2);
        CeremonyService service = new CeremonyService(dir.resolve("c.json"), clock);
        service.initBootstrap(plan, onlineKey(dir), "operator");
        for (String holder : List.of("alice", "bob")) {
            try (KeySource source = KeyFileSource.open(dir.resolve(holder + ".pem"), PASSWORD)) {
                source.generate(new GenerateRequest(holder, KeyAlgorithm.ED25519, null, null), PASSWORD);
                service.addKey(holder, source, source.keys().get(0));
            }
        }
        for (String holder : List.of("alice", "bob")) {
            try (KeySource source = KeyFileSource.open(dir.resolve(holder + ".pem"), PASSWORD)) {
                service.sign(holder, source, PASSWORD);
            }
        }

        Path bundle = service.bundle(dir.resolve("bundle.json"), "operator");

        JsonNode roles =
                TufJson.parse(Files.readAllBytes(bundle)).path("settings").path("roles");
        assertThat(roles.path("delegations")).isEqualTo(delegations());
        assertThat(roles.has("bins")).isFalse();
        assertThat(roles.path("root").path("expiration").asInt()).isEqualTo(365);
    }

    @Test
    void delegationsOfAnotherShapeOrBothBinsAndDelegationsAreRefused(@TempDir Path dir) throws Exception {
        BootstrapPlan bins = BootstrapPlan.withBins(2, 2);
        CeremonyService service = new CeremonyService(dir.resolve("c.json"), clock);
        ObjectNode notRoles = JsonNodeFactory.instance.objectNode().put("releases", "releases/*");

        assertThatThrownBy(() -> service.initBootstrap(
                        new BootstrapPlan(bins.days(), null, notRoles, 2), onlineKey(dir), "operator"))
                .isInstanceOf(CeremonyException.class)
                .hasMessage("custom delegations must be {\"roles\": [...]} as RSTUF takes them");
        assertThatThrownBy(() -> service.initBootstrap(
                        new BootstrapPlan(bins.days(), 16, delegations(), 2), onlineKey(dir), "operator"))
                .hasMessage("choose exactly one of hash bins and custom delegations");
        assertThat(dir.resolve("c.json")).doesNotExist();
    }
}
