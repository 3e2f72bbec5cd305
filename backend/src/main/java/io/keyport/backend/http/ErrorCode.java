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
     * The code among {@code codes} with {@code status} (the first one; {@code skip} excluded), else
     * an unnamed code of {@code family} whose message is the status's reason phrase: for a status a
     * family has no named code for (a 4xx Helidon raised while reading a request).
     */
    static ErrorCode forStatus(ErrorCode[] codes, ErrorCode skip, Status status, ErrorFamily family) {
        for (ErrorCode code : codes) {
            if (code != skip && code.status().code() == status.code()) {
                return code;
            }
        }
        return new Unnamed(status, family);
    }

    /** A status without a named code in its family. */
    record Unnamed(Status status, ErrorFamily family) implements ErrorCode {
        @Override
        public String message() {
            return status.reasonPhrase();
        }
    }
}
