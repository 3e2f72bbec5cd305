package io.keyport.desktop.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.keyport.model.tuf.Key;
import io.keyport.model.tuf.TufJson;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A P-384 root key is allowed but warned about before anyone signs: tuf-js, the independent TUF client,
 * refuses {@code ecdsa-sha2-nistp384} signatures (docs/ceremonies.md, Key types). The warning names the
 * holder and the way out (P-256); a P-256 key gets none.
 */
class CeremonyKeyTypeWarningTest {

    private static final String WARNING = "is ECDSA P-384 (ecdsa-sha2-nistp384): the TUF client tuf-js refuses"
            + " P-384 signatures; choose P-256 for root keys unless every client of the repository verifies P-384";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);

    private int run(String... args) {
        bytes.reset();
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        return new CeremonyCommand(Map.of("PW", "rehearsal-password"), stream, stream, clock).run(args);
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Path onlineKey(Path dir) throws Exception {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        Key key = Key.of(KeyFiles.generate(SignatureScheme.ED25519).getPublic(), SignatureScheme.ED25519);
        doc.putObject("data").put("keyid", key.keyId()).set("key", key.toJson());
        return Files.write(dir.resolve("online-key.json"), TufJson.writePretty(doc));
    }

    private int addKey(Path dir, String holder, String curve) {
        return run(
                "add-key",
                "--file",
                dir.resolve("c.json").toString(),
                "--holder",
                holder,
                "--key-file",
                dir.resolve(holder + ".pem").toString(),
                "--generate",
                curve,
                "--password-env",
                "PW");
    }

    @Test
    void aP384RootKeyIsWarnedAboutWhenAddedAndInEverySummaryAP256KeyIsNot(@TempDir Path dir) throws Exception {
        String file = dir.resolve("c.json").toString();
        assertThat(run(
                        "init",
                        "--file",
                        file,
                        "bootstrap",
                        "--online-key",
                        onlineKey(dir).toString(),
                        "--threshold",
                        "2",
                        "--bins",
                        "4"))
                .as(printed())
                .isEqualTo(0);

        assertThat(addKey(dir, "alice", "p256")).as(printed()).isEqualTo(0);
        assertThat(printed()).doesNotContain("P-384");

        assertThat(addKey(dir, "bob", "p384")).as(printed()).isEqualTo(0);
        assertThat(printed()).contains("(ecdsa-sha2-nistp384)").containsOnlyOnce(WARNING);
        assertThat(printed().lines().filter(l -> l.contains(WARNING)))
                .singleElement()
                .asString()
                .startsWith("WARNING: bob's root key ");

        assertThat(run("diff", "--file", file)).isEqualTo(0);
        assertThat(printed()).containsOnlyOnce(WARNING).contains("WARNING: bob's root key ");

        CeremonyService service = new CeremonyService(dir.resolve("c.json"), clock);
        assertThat(CeremonyService.keyTypeWarnings(service.current()))
                .singleElement()
                .asString()
                .startsWith("WARNING: bob's root key ")
                .endsWith(WARNING);
        // not a rehearsal: the REHEARSAL ONLY warnings stay about key files and unverified attestations
        assertThat(CeremonyService.warnings(service.current()))
                .allMatch(w -> w.contains("key file"))
                .hasSize(2);
    }
}
