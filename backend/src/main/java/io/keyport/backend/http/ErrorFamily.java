package io.keyport.backend.http;

import io.helidon.http.Status;
import java.util.Map;

/**
 * How one API family writes its errors: the body shape and the headers its clients expect (the
 * authentication challenge of a 401, {@code Retry-After}). {@link ErrorMapper} renders an
 * {@link ApiException} with its code's family, and a failure that has no code of its own (a
 * database refusal, a malformed request Helidon rejected, an internal error) with the family of the
 * request's route group ({@link ErrorFamilies}).
 */
public interface ErrorFamily {

    /** The wire body of {@code e}. */
    Object body(ApiException e);

    /** The headers of {@code e} beyond those it carries itself (e.g. the challenge of a 401). */
    default Map<String, String> headers(ApiException e) {
        return Map.of();
    }

    /** This family's exception for a failure without a code of its own. */
    ApiException generic(Status status, String message, Object details);
}
