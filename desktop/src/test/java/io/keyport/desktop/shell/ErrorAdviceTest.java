package io.keyport.desktop.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.desktop.service.BackendException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ErrorAdviceTest {

    private static String text(int status, String serverMessage) {
        return ErrorAdvice.message(new BackendException(status, serverMessage, null));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0   | Cannot reach http://h:8080: refused | the server runs and the network is up",
                "401 | Invalid token                        | sign in again",
                "403 | Forbidden                            | ask an admin for access",
                "404 | Application not found                | reload the view",
                "409 | Version changed                      | reload the view and try again",
                "413 | Request body too large (the limit is 10 bytes) | size limit",
                "422 | field name: must not be blank        | Correct the fields named above",
                "500 | Internal server error                | its log has the details",
                "502 | HTTP 502 from http://h/              | its log has the details",
                "503 | The server at http://h is not serving right now | try again shortly",
            })
    void everyStatusKeepsTheServersMessageAndSaysWhatToDo(int status, String serverMessage, String advice) {
        String text = text(status, serverMessage);

        assertThat(text).startsWith(serverMessage).contains(advice);
    }

    @Test
    void aForbiddenThatNamesTheMissingTeamPointsToIt() {
        assertThat(text(403, "only people of team kio or admins manage its credentials"))
                .isEqualTo("only people of team kio or admins manage its credentials."
                        + " Ask an admin for the access named above.");
        assertThat(text(403, "the token lacks scope uid")).endsWith("Ask an admin for the access named above.");
    }

    @Test
    void aForbiddenThatSaysNothingAsksAnAdmin() {
        assertThat(text(403, "Forbidden"))
                .isEqualTo("Forbidden. You lack the rights for this; ask an admin for access.");
    }

    @Test
    void aMessageEndingInPunctuationGetsNoSecondFullStop() {
        assertThat(text(409, "Someone was faster!")).startsWith("Someone was faster! Someone changed it");
    }

    @Test
    void statusesWithoutAdviceShowTheServersMessageAlone() {
        assertThat(text(400, "unknown parameter x")).isEqualTo("unknown parameter x");
        assertThat(text(200, "Unexpected answer from http://h/ (is this a Keyport server?)"))
                .isEqualTo("Unexpected answer from http://h/ (is this a Keyport server?)");
    }

    @Test
    void otherFailuresShowTheirMessageOrTheirKind() {
        assertThat(ErrorAdvice.message(new IllegalStateException("disk full"))).isEqualTo("disk full");
        assertThat(ErrorAdvice.message(new NullPointerException())).isEqualTo("NullPointerException");
    }
}
