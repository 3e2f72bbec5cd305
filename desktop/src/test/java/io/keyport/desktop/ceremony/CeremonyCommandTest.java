package io.keyport.desktop.ceremony;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.testing.NetworkGuard;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's exit statuses and messages for usage errors and refused steps. */
class CeremonyCommandTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private int run(String... args) {
        PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (NetworkGuard guard = NetworkGuard.install()) {
            int status = new CeremonyCommand(Map.of(), stream, stream, Clock.systemUTC()).run(args);
            assertThat(guard.attempts()).as("an offline step connects nowhere").isEmpty();
            return status;
        }
    }

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void usageErrorsExitWith2AndShowTheUsage() {
        assertThat(run()).isEqualTo(2);
        assertThat(printed()).contains("usage: keyport-console ceremony");
        assertThat(run("fly", "--file", "x.json")).isEqualTo(2);
        assertThat(printed()).contains("unknown command fly");
        assertThat(run("bundle", "--file")).isEqualTo(2);
        assertThat(printed()).contains("--file needs a value");
        assertThat(run("init", "--file", "x.json", "bootstrap", "--online-key", "k.json"))
                .isEqualTo(2);
        assertThat(printed()).contains("--threshold is required");
    }

    @Test
    void refusedStepsExitWith1AndSayWhy(@TempDir Path dir) throws Exception {
        assertThat(run("diff", "--file", dir.resolve("none.json").toString())).isEqualTo(1);
        assertThat(printed()).contains("refused: no ceremony file at").contains("start one with 'ceremony init'");
        Path garbage = Files.writeString(dir.resolve("garbage.json"), "{\"format\": 1}");
        assertThat(run("diff", "--file", garbage.toString())).isEqualTo(1);
        assertThat(printed()).contains("refused: garbage.json is not a ceremony file Keyport can read");
        assertThat(run("verify", "--transcript", garbage.toString())).isEqualTo(1);
        assertThat(printed()).contains("refused: not a ceremony transcript");
        Path key = Files.writeString(dir.resolve("key.json"), "{\"data\": {\"key\": {\"keytype\": \"ed25519\"}}}");
        assertThat(run(
                        "init",
                        "--file",
                        dir.resolve("c.json").toString(),
                        "bootstrap",
                        "--online-key",
                        key.toString(),
                        "--threshold",
                        "2"))
                .isEqualTo(1);
        assertThat(printed()).contains("holds no online public key (export it with GET /api/v1/keys/online)");
        assertThat(dir.resolve("c.json")).doesNotExist();
    }
}
