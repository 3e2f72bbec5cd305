package io.keyport.model.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RegistryValuesTest {

    private static final String HEX64 = "a".repeat(64);

    @ParameterizedTest
    @ValueSource(strings = {"team/app", "team-a/app", "t/g/app", "a.b/c__d", "a0/b-----c", "team/x.y_z"})
    void validNamesParse(String name) {
        assertThat(RepositoryName.parse(name).value()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "app",
                "Team/app",
                "team/",
                "/app",
                "team//app",
                "team/../app",
                "team/./app",
                "team/app/",
                "team/-app",
                "team/app-",
                "team/a___b",
                "team/a..b",
                "team/app\u0000",
                "team\\app",
                "team/ap p"
            })
    void invalidNamesAreRefused(String name) {
        assertThat(RepositoryName.isValid(name)).isFalse();
        assertThatThrownBy(() -> RepositoryName.parse(name)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nameLongerThan255IsRefused() {
        assertThat(RepositoryName.isValid("t/" + "a".repeat(253))).isTrue();
        assertThat(RepositoryName.isValid("t/" + "a".repeat(254))).isFalse();
    }

    @Test
    void teamIsTheFirstComponent() {
        RepositoryName name = RepositoryName.parse("payments/group/kio");
        assertThat(name.team()).isEqualTo("payments");
        assertThat(name.artifact()).isEqualTo("group/kio");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "v1", "_x", "A-b.c_D", "1.0-SNAPSHOT", "latest"})
    void validTags(String tag) {
        assertThat(Tag.parse(tag).value()).isEqualTo(tag);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".x", "-x", "a/b", "a:b", "a b", "ä"})
    void invalidTags(String tag) {
        assertThat(Tag.isValid(tag)).isFalse();
    }

    @Test
    void tagOf128IsTheLongest() {
        assertThat(Tag.isValid("a".repeat(128))).isTrue();
        assertThat(Tag.isValid("a".repeat(129))).isFalse();
    }

    @Test
    void snapshotTagsAreMutableAndLatestIsTheAlias() {
        assertThat(Tag.parse("1.0-SNAPSHOT").mutable()).isTrue();
        assertThat(Tag.parse("1.0-snapshot").mutable()).isFalse();
        assertThat(Tag.parse("1.0").mutable()).isFalse();
        assertThat(Tag.parse("latest").isLatest()).isTrue();
    }

    @Test
    void digestsOfBothAlgorithms() {
        Digest d = Digest.parse("sha256:" + HEX64);
        assertThat(d.algorithm()).isEqualTo(Digest.Algorithm.SHA256);
        assertThat(d.toString()).isEqualTo("sha256:" + HEX64);
        assertThat(Digest.parse("sha512:" + "0".repeat(128)).algorithm()).isEqualTo(Digest.Algorithm.SHA512);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "sha256:",
                "sha256:abc",
                "md5:d41d8cd98f00b204e9800998ecf8427e",
                "sha256:" + "A" + "a" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "sha256:" + "g" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
                "sha512:aaaa",
                ":abc",
                "sha256"
            })
    void invalidDigests(String digest) {
        assertThat(Digest.isValid(digest)).isFalse();
    }

    @Test
    void computedDigestMatchesTheKnownEmptyValue() {
        assertThat(Digest.sha256(new byte[0]).toString())
                .isEqualTo("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Digest.sha256("{}".getBytes(StandardCharsets.UTF_8)).toString())
                .isEqualTo("sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a");
    }

    @Test
    void referenceIsATagOrADigest() {
        assertThat(Reference.parse("1.0").asTag()).contains(Tag.parse("1.0"));
        assertThat(Reference.parse("sha256:" + HEX64).isDigest()).isTrue();
        assertThatThrownBy(() -> Reference.parse("sha256:zz")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Reference.parse("../etc")).isInstanceOf(IllegalArgumentException.class);
    }
}
