package io.keyport.backend.appstore.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SemVerTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0.0.0",
                "1.2.3",
                "10.20.30",
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-0.3.7",
                "1.0.0-x.7.z.92",
                "1.0.0-x-y-z.--",
                "1.0.0+20130313144700",
                "1.0.0-beta+exp.sha.5114f85",
                "1.0.0+21AF26D3----117B344092BD",
                "99999999999999999999999.0.0"
            })
    void acceptsSemVer2(String text) {
        assertThat(SemVer.parse(text)).as(text).isPresent();
        assertThat(SemVer.parse(text).orElseThrow().toString()).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "1",
                "1.2",
                "v1.2.3",
                "01.2.3",
                "1.02.3",
                "1.2.03",
                "1.2.3-01",
                "1.2.3-",
                "1.2.3+",
                "1.2.3-a..b",
                "1.2.3+a..b",
                "1.2.3.4",
                " 1.2.3",
                "1.2.3 ",
                "1.2.3-ä",
                "1.2.3\n",
                "-1.2.3",
                "1.2.3-rc.1+build+x"
            })
    void refusesEverythingElse(String text) {
        assertThat(SemVer.parse(text)).as("'%s'", text).isEmpty();
    }

    @Test
    void refusesOverlongVersions() {
        assertThat(SemVer.parse("1.0.0-" + "a".repeat(200))).isEmpty();
    }

    /** The specification's example order (section 11), plus numbers that string order gets wrong. */
    @Test
    void ordersByPrecedence() {
        List<String> ordered = List.of(
                "1.0.0-alpha",
                "1.0.0-alpha.1",
                "1.0.0-alpha.beta",
                "1.0.0-beta",
                "1.0.0-beta.2",
                "1.0.0-beta.11",
                "1.0.0-rc.1",
                "1.0.0",
                "1.0.1",
                "1.9.0",
                "1.10.0",
                "2.0.0",
                "9.0.0",
                "10.0.0-rc.1",
                "10.0.0",
                "100.0.0");
        List<SemVer> shuffled = new ArrayList<>(
                ordered.stream().map(v -> SemVer.parse(v).orElseThrow()).toList());
        Collections.shuffle(shuffled, new Random(42));
        Collections.sort(shuffled);
        assertThat(shuffled.stream().map(SemVer::toString).toList()).isEqualTo(ordered);
    }

    @Test
    void buildMetadataHasNoPrecedenceButTheOrderIsTotal() {
        SemVer a = SemVer.parse("1.0.0+a").orElseThrow();
        SemVer b = SemVer.parse("1.0.0+b").orElseThrow();
        SemVer plain = SemVer.parse("1.0.0").orElseThrow();
        assertThat(a.comparePrecedence(b)).isZero();
        assertThat(a.comparePrecedence(plain)).isZero();
        assertThat(a.compareTo(b)).isNegative();
        assertThat(plain.compareTo(a)).isNegative();
        assertThat(a.compareTo(SemVer.parse("1.0.0+a").orElseThrow())).isZero();
    }

    @Test
    void numericIdentifiersRankBelowAlphanumericOnes() {
        assertThat(SemVer.parse("1.0.0-2")
                        .orElseThrow()
                        .compareTo(SemVer.parse("1.0.0-a").orElseThrow()))
                .isNegative();
        assertThat(SemVer.parse("1.0.0-10")
                        .orElseThrow()
                        .compareTo(SemVer.parse("1.0.0-9").orElseThrow()))
                .isPositive();
    }

    @Test
    void knowsPrereleases() {
        assertThat(SemVer.parse("1.0.0-rc.1").orElseThrow().isPrerelease()).isTrue();
        assertThat(SemVer.parse("1.0.0+build").orElseThrow().isPrerelease()).isFalse();
    }
}
