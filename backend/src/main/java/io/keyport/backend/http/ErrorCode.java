package io.keyport.backend.http;

import io.helidon.http.Status;

/**
 * One error of an API family (as distribution's {@code errcode} registry): its HTTP status, its
 * default message, and the {@link ErrorFamily} that renders it. Each API family has its own enum
 * ({@link KioError} for the STUPS/Kio/Keyport APIs, {@code OAuthError} for the token endpoints).
 */
public interface ErrorCode {

    Status status();

    /** The message when the exception gives none. */
    String message();

    ErrorFamily family();

    /**
     * The code of {@code status} among a family's {@code codes}; a status the family has no named code
     * for (a 4xx Helidon raised while reading a request) gets an unnamed code with its reason phrase.
     */
    static ErrorCode forStatus(Status status, ErrorFamily family, java.util.List<? extends ErrorCode> codes) {
        for (ErrorCode code : codes) {
            if (code.status().code() == status.code()) {
                return code;
            }
        }
        return new Unnamed(status, family);
    }

    /** A status a family has no named code for. */
    record Unnamed(Status status, ErrorFamily family) implements ErrorCode {
        @Override
        public String message() {
            return status.reasonPhrase();
        }
    }
}
