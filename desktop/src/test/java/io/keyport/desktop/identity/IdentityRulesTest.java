package io.keyport.desktop.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentityRulesTest {

    @ParameterizedTest
    @CsvSource(textBlock = """
            payments,     true
            ab,           true
            team_a-1,     true
            a,            false
            Payments,     false
            1team,        false
            team-,        false
            """)
    void teamIdsFollowTheServersPattern(String id, boolean valid) {
        assertThat(IdentityRules.teamIdProblem(id) == null).isEqualTo(valid);
    }

    @ParameterizedTest
    @CsvSource(textBlock = """
            jdoe,              true
            j.doe@example.org, true
            J,                 true
            .jdoe,             false
            j:doe,             false
            'j doe',           false
            """)
    void userIdsFollowTheServersPattern(String uid, boolean valid) {
        assertThat(IdentityRules.uidProblem(uid) == null).isEqualTo(valid);
    }

    @Test
    void passwordsNeedEightCharacters() {
        assertThat(IdentityRules.passwordProblem("1234567")).isEqualTo("At least 8 characters");
        assertThat(IdentityRules.passwordProblem("12345678")).isNull();
        assertThat(IdentityRules.passwordProblem("")).startsWith("Enter a password");
    }

    @Test
    void generatedPasswordsAreLongAndDiffer() {
        String first = IdentityRules.generatePassword();

        assertThat(first).hasSize(20).matches("[A-Za-z2-9]+");
        assertThat(IdentityRules.passwordProblem(first)).isNull();
        assertThat(IdentityRules.generatePassword()).isNotEqualTo(first);
    }
}
