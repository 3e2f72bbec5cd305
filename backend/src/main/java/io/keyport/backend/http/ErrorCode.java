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
}
