package io.keyport.backend.kio.service;

import io.keyport.backend.http.ApiException;
import java.util.Map;

/**
 * The widths of the text columns of applications, versions and approvals (migration V1), checked
 * before a write so that an over-long value answers 400 naming its field instead of reaching the
 * database as a refusal. Lengths count UTF-16 units, never fewer than the characters H2 and
 * PostgreSQL count, so a value that passes fits both.
 */
final class TextLimits {

    static final int NAME = 255;
    static final int SUBTITLE = 1024;
    static final int TEXT = 65536;
    static final int URL = 2048;
    static final int SHORT = 255;
    /** The approval types of a policy, stored comma-separated. */
    static final int POLICY_TYPES = 2048;

    private TextLimits() {}

    /** 400 {@code {"message", "details": {"field"}}} when {@code value} is longer than {@code max}. */
    static void check(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ApiException.badRequest(field + " must have at most " + max + " characters", Map.of("field", field));
        }
    }
}
