package io.keyport.model.kio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.keyport.model.common.Json;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link AppId}, {@link TeamId} and {@link VersionId}: valid by construction, the Kio rules, JSON as a string. */
class IdTypesTest {

    private static final String A64 = "a".repeat(64);
    private static final String A65 = "a".repeat(65);

    @ParameterizedTest(name = "[{index}] {0} \"{1}\" -> {2}")
    @CsvSource(delimiter = ';', textBlock = """
            app;     kio;                  true
            app;     kio-cli2;             true
            app;     a1;                   true
            app;     a;                    false
            app;     kio-;                 false
            app;     -kio;                 false
            app;     1kio;                 false
            app;     Kio;                  false
            app;     kio_cli;              false
            app;     'kio cli';            false
            app;     '';                   false
            team;    payments;             true
            team;    pay_ments-2;          true
            team;    p1;                   true
            team;    p;                    false
            team;    payments_;            false
            team;    Payments;             false
            team;    2pay;                 false
            version; 1.0.0;                true
            version; 2024-05-01_rc1;       true
            version; A;                    true
            version; 1..0;                 false
            version; .1;                   false
            version; 1.0.;                 false
            version; 1.0+build;            false
            version; '1.0 beta';           false
            """)
    void acceptsExactlyWhatTheRuleAllows(String kind, String value, boolean valid) {
        assertThat(isValid(kind).test(value)).isEqualTo(valid);
        if (valid) {
            assertThat(construct(kind).apply(value)).isEqualTo(value);
        } else {
            assertThatThrownBy(() -> construct(kind).apply(value))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("Invalid ")
                    .hasMessageContaining("it must match ^");
        }
    }

    @ParameterizedTest
    @CsvSource({"app", "team", "version"})
    void nullIsRefused(String kind) {
        assertThat(isValid(kind).test(null)).isFalse();
        assertThatThrownBy(() -> construct(kind).apply(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void lengthsAreCappedAsTheColumnsAre() {
        assertThat(AppId.RULE.allows(A64)).isTrue();
        assertThat(AppId.RULE.allows(A65)).isFalse();
        assertThat(TeamId.RULE.allows(A64)).isTrue();
        assertThat(TeamId.RULE.allows(A65)).isFalse();
        assertThat(VersionId.RULE.allows("1".repeat(128))).isTrue();
        assertThat(VersionId.RULE.allows("1".repeat(129))).isFalse();
        // A long value is refused by its length, before any pattern work.
        assertThat(VersionId.RULE.allows("1.".repeat(100_000) + "!")).isFalse();
    }

    @Test
    void theMessagesAreTheOnesTheKioApiAnswers() {
        assertThat(AppId.RULE.message()).isEqualTo("Invalid application id; it must match ^[a-z][a-z0-9-]*[a-z0-9]$");
        assertThat(VersionId.RULE.message())
                .isEqualTo("Invalid version id; it must match ^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$");
        assertThat(TeamId.RULE.message()).isEqualTo("Invalid team id; it must match ^[a-z][a-z0-9_-]{0,62}[a-z0-9]$");
    }

    @Test
    void equalValuesAreEqualIds() {
        assertThat(new AppId("kio")).isEqualTo(new AppId("kio")).isNotEqualTo(new AppId("kio-cli"));
        assertThat(new VersionId("1.0")).hasSameHashCodeAs(new VersionId("1.0"));
    }

    @Test
    void jsonIsTheBareStringAndReadingValidates() throws Exception {
        assertThat(Json.mapper().writeValueAsString(new AppId("kio"))).isEqualTo("\"kio\"");
        assertThat(Json.mapper().readValue("\"payments\"", TeamId.class)).isEqualTo(new TeamId("payments"));
        assertThat(Json.mapper().readValue("\"1.0.0\"", VersionId.class)).isEqualTo(new VersionId("1.0.0"));
        assertThatThrownBy(() -> Json.mapper().readValue("\"Kio\"", AppId.class))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("Invalid application id");
    }

    private static Predicate<String> isValid(String kind) {
        return switch (kind) {
            case "app" -> AppId.RULE::allows;
            case "team" -> TeamId.RULE::allows;
            default -> VersionId.RULE::allows;
        };
    }

    /** Constructs the id and reads its value back. */
    private static Function<String, String> construct(String kind) {
        return switch (kind) {
            case "app" -> v -> new AppId(v).value();
            case "team" -> v -> new TeamId(v).value();
            default -> v -> new VersionId(v).value();
        };
    }
}
