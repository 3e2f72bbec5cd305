package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.http.Status;
import io.keyport.backend.appstore.service.AppStoreError;
import io.keyport.backend.archives.service.ArchivesError;
import io.keyport.model.common.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The archives and the App Store answer in one family (decision 0045); the wire bodies, default
 * messages and challenges are byte for byte those each API answered before the merge.
 */
class ErrorFieldFamilyTest {

    private static final String CHALLENGE = "Bearer realm=\"keyport\", Basic realm=\"keyport\"";

    private static String wire(ApiException e) throws Exception {
        return Json.mapper().writeValueAsString(e.body());
    }

    @Test
    void bothApisRenderInTheOneFamily() {
        assertThat(AppStoreError.FAMILY).isSameAs(ErrorFieldFamily.FAMILY);
        assertThat(ArchivesError.NOT_FOUND.family()).isSameAs(ErrorFieldFamily.FAMILY);
        assertThat(AppStoreError.NOT_FOUND.family()).isSameAs(ErrorFieldFamily.FAMILY);
    }

    @Test
    void bodiesAreTheErrorFieldWithDetailsOnlyWhenThereAreAny() throws Exception {
        assertThat(wire(AppStoreError.CONFLICT.with("chart demo-1.0.0 already exists")))
                .isEqualTo("{\"error\":\"chart demo-1.0.0 already exists\"}");
        assertThat(wire(ArchivesError.NOT_AN_APP_ARCHIVE.with("no Kployfile", List.of("a", "b"))))
                .isEqualTo("{\"error\":\"no Kployfile\",\"details\":[\"a\",\"b\"]}");
        assertThat(wire(new ApiException(AppStoreError.BAD_REQUEST, "bad", Map.of("field", "values"))))
                .isEqualTo("{\"error\":\"bad\",\"details\":{\"field\":\"values\"}}");
    }

    @Test
    void eachApiKeepsItsOwnDefaultMessages() throws Exception {
        assertThat(wire(new ApiException(ArchivesError.NOT_FOUND))).isEqualTo("{\"error\":\"No such app archive\"}");
        assertThat(wire(new ApiException(ArchivesError.PAYLOAD_TOO_LARGE)))
                .isEqualTo("{\"error\":\"App archive too large\"}");
        assertThat(wire(new ApiException(AppStoreError.NOT_FOUND))).isEqualTo("{\"error\":\"Not Found\"}");
        assertThat(wire(new ApiException(AppStoreError.PAYLOAD_TOO_LARGE)))
                .isEqualTo("{\"error\":\"Request body too large\"}");
    }

    @Test
    void a401CarriesKeyportsChallengeAndNothingElseDoes() {
        assertThat(new ApiException(ArchivesError.UNAUTHORIZED).headers())
                .containsExactlyEntriesOf(Map.of("WWW-Authenticate", CHALLENGE));
        assertThat(AppStoreError.UNAUTHORIZED.with("token expired").headers())
                .containsExactlyEntriesOf(Map.of("WWW-Authenticate", CHALLENGE));
        assertThat(ErrorFieldFamily.FAMILY
                        .generic(Status.UNAUTHORIZED_401, "Unauthorized", null)
                        .headers())
                .containsExactlyEntriesOf(Map.of("WWW-Authenticate", CHALLENGE));
        assertThat(ArchivesError.FORBIDDEN.with("not your team").headers()).isEmpty();
        assertThat(AppStoreError.NOT_FOUND.with("x").headers()).isEmpty();
    }

    @Test
    void aFailureWithoutACodeKeepsItsStatusAndMessage() throws Exception {
        for (Status status : List.of(
                Status.BAD_REQUEST_400,
                Status.CONFLICT_409,
                Status.REQUESTED_RANGE_NOT_SATISFIABLE_416,
                Status.UNPROCESSABLE_CONTENT_422,
                Status.TOO_MANY_REQUESTS_429,
                Status.INTERNAL_SERVER_ERROR_500)) {
            ApiException e = ErrorFieldFamily.FAMILY.generic(status, "why " + status.code(), null);
            assertThat(e.status().code()).isEqualTo(status.code());
            assertThat(e.code().family()).isSameAs(ErrorFieldFamily.FAMILY);
            assertThat(wire(e)).isEqualTo("{\"error\":\"why " + status.code() + "\"}");
        }
    }
}
