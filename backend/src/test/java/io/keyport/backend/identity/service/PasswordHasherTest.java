package io.keyport.backend.identity.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordHasherTest {

    /** Cheap parameters keep the tests fast; the format and the checks are the same. */
    private final PasswordHasher hasher = new PasswordHasher(1024, 1, 1);

    @Test
    void defaultHashIsArgon2idInPhcFormatWithOwaspParameters() {
        String hash = new PasswordHasher().hash("correct horse battery staple");
        assertThat(hash).matches("^\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}$");
        assertThat(new PasswordHasher().verify("correct horse battery staple", hash))
                .isTrue();
    }

    @Test
    void roundTrip() {
        String hash = hasher.hash("s3cret-pass");
        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$");
        assertThat(hasher.verify("s3cret-pass", hash)).isTrue();
    }

    @Test
    void wrongPasswordDoesNotMatch() {
        String hash = hasher.hash("s3cret-pass");
        assertThat(hasher.verify("s3cret-pasS", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
        assertThat(hasher.verify("s3cret-pass ", hash)).isFalse();
    }

    @Test
    void saltMakesEveryHashDifferent() {
        assertThat(hasher.hash("same-password")).isNotEqualTo(hasher.hash("same-password"));
    }

    @Test
    void verifyReadsTheParametersFromTheStoredHash() {
        String stored = new PasswordHasher(2048, 2, 2).hash("older-parameters");
        assertThat(hasher.verify("older-parameters", stored)).isTrue();
        assertThat(new PasswordHasher().verify("older-parameters", stored)).isTrue();
    }

    @Test
    void nonAsciiPasswordsRoundTrip() {
        String hash = hasher.hash("pässwörd-密码-🔑");
        assertThat(hasher.verify("pässwörd-密码-🔑", hash)).isTrue();
        assertThat(hasher.verify("passwörd-密码-🔑", hash)).isFalse();
    }

    @Test
    void changedParametersDoNotMatch() {
        String hash = hasher.hash("s3cret-pass");
        assertThat(hasher.verify("s3cret-pass", hash.replace("t=1", "t=2"))).isFalse();
        assertThat(hasher.verify("s3cret-pass", hash.replace("m=1024", "m=2048")))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "plain-text-password",
                "$argon2id$",
                "$argon2i$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                "$argon2d$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                "$argon2id$v=16$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                "$argon2id$v=19$m=1024,t=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                "$argon2id$v=19$m=1024,t=1,p=1,x=5$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                "$argon2id$v=19$m=abc,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                "$argon2id$v=19$m,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                "$argon2id$v=19$m=1024,t=1,p=1$!!!not-base64!!!$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$",
                "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA",
                "$argon2id$v=19$m=1024,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaA$extra",
                "$argon2id$v=19$m=-1,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                "$argon2id$v=19$m=1024,t=0,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
                "$argon2id$v=19$m=1024,t=1,p=0$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
            })
    void malformedHashNeverMatches(String stored) {
        assertThat(hasher.verify("s3cret-pass", stored)).isFalse();
        assertThat(hasher.verify("", stored)).isFalse();
    }

    @Test
    void nullHashNeverMatches() {
        assertThat(hasher.verify("s3cret-pass", null)).isFalse();
    }

    @Test
    void truncatedHashNeverMatches() {
        String hash = hasher.hash("s3cret-pass");
        String[] parts = hash.split("\\$");
        byte[] full = Base64.getDecoder().decode(parts[5]);
        for (int length : new int[] {0, 1, 4, 8}) {
            byte[] shorter = Arrays.copyOf(full, length);
            String truncated = "$" + parts[1] + "$" + parts[2] + "$" + parts[3] + "$" + parts[4] + "$"
                    + Base64.getEncoder().withoutPadding().encodeToString(shorter);
            assertThat(hasher.verify("s3cret-pass", truncated))
                    .as("hash of %d bytes", length)
                    .isFalse();
        }
    }

    @Test
    void absurdCostParametersAreRefusedWithoutRunningOutOfMemory() {
        String hash = hasher.hash("s3cret-pass");
        assertThat(hasher.verify("s3cret-pass", hash.replace("m=1024", "m=" + Integer.MAX_VALUE)))
                .isFalse();
        assertThat(hasher.verify("s3cret-pass", hash.replace("t=1", "t=" + Integer.MAX_VALUE)))
                .isFalse();
        assertThat(hasher.verify("s3cret-pass", hash.replace("p=1", "p=" + Integer.MAX_VALUE)))
                .isFalse();
    }
}
