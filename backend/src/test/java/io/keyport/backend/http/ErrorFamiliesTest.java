package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.helidon.http.Status;
import io.keyport.backend.identity.service.OAuthError;
import io.keyport.model.common.ApiError;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Error codes render through their family; failures without a code answer in their route group's family. */
class ErrorFamiliesTest {

    /** A family of a made-up API, as OCI or RSTUF will register theirs. */
    private static final ErrorFamily DETAIL_ONLY = new ErrorFamily() {
        @Override
        public Object body(ApiException e) {
            return Map.of("detail", e.message());
        }

        @Override
        public ApiException generic(Status status, String message, Object details) {
            return new ApiException(new ErrorCode() {
                @Override
                public Status status() {
                    return status;
                }

                @Override
                public String message() {
                    return message;
                }

                @Override
                public ErrorFamily family() {
                    return DETAIL_ONLY;
                }
            });
        }
    };

    @Test
    void theLongestRegisteredPrefixChoosesTheFamilyAndStupsAnswersElsewhere() {
        ErrorFamilies families =
                new ErrorFamilies().register("/api/v1/", DETAIL_ONLY).register("/api/v1/x/", KioError.FAMILY);

        assertThat(families.forPath("/apps/kio")).isSameAs(KioError.FAMILY);
        assertThat(families.forPath("/api/v1/artifacts")).isSameAs(DETAIL_ONLY);
        assertThat(families.forPath("/api/v1/x/y")).isSameAs(KioError.FAMILY);
        assertThat(families.forPath("/api/v1/artifacts")
                        .generic(Status.CONFLICT_409, "busy", null)
                        .body())
                .isEqualTo(Map.of("detail", "busy"));
    }

    @Test
    void aRouteGroupHasOneFamily() {
        ErrorFamilies families = new ErrorFamilies().register("/v2/", DETAIL_ONLY);
        assertThatThrownBy(() -> families.register("/v2/", KioError.FAMILY)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stupsErrorsCarryMessageAndDetailsAndKiosEmpty404() {
        assertThat(ApiException.badRequest("bad id", Map.of("field", "id")).body())
                .isEqualTo(new ApiError("bad id", Map.of("field", "id")));
        assertThat(ApiException.forbidden("not a member").body()).isEqualTo(new ApiError("Forbidden", "not a member"));
        assertThat(ApiException.notFoundEmpty().body()).isEqualTo(Map.of());
        assertThat(ApiException.unauthorized("no token").headers())
                .containsEntry("WWW-Authenticate", "Bearer realm=\"keyport\", Basic realm=\"keyport\"");
    }

    @Test
    void oauthErrorsUseRfc6749AndTheirOwnChallenge() {
        ApiException e = OAuthError.INVALID_CLIENT.with("Invalid client credentials");
        assertThat(e.status()).isEqualTo(Status.UNAUTHORIZED_401);
        assertThat(e.body())
                .isEqualTo(Map.of("error", "invalid_client", "error_description", "Invalid client credentials"));
        assertThat(e.headers()).containsExactlyEntriesOf(Map.of("WWW-Authenticate", "Basic realm=\"keyport\""));
        assertThat(OAuthError.slowDown(7).headers()).containsEntry("Retry-After", "7");
    }
}
