package io.keyport.model.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The error body of the STUPS-style APIs: {@code {"message": ..., "details": ...}}. {@code details}
 * is free-form (a string, or an object naming the offending field) and may be absent.
 */
public record ApiError(
        String message,
        @JsonInclude(JsonInclude.Include.NON_NULL) Object details) {}
