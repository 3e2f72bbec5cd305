package io.keyport.backend.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.model.common.Json;
import java.io.IOException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The error families of Keyport's APIs as a client sees them on the wire, for the shared test
 * runners: every error is JSON in its API's own shape, never a 500 and never a stack trace. A
 * domain whose API has its own shape (OCI, RSTUF, kploy and the App Store) adds a constant here.
 */
public enum ErrorBodies {

    /** STUPS/Kio: {@code {"message": "...", "details": ...}} with a non-blank message. */
    STUPS {
        @Override
        void checkShape(JsonNode body, String context) {
            assertThat(body.path("message").isTextual())
                    .as("STUPS message in %s", context)
                    .isTrue();
            assertThat(body.path("message").asText())
                    .as("STUPS message in %s", context)
                    .isNotBlank();
        }
    },

    /**
     * OAuth 2 token endpoints (RFC 6749 section 5.2): {@code {"error": code, "error_description": text}}
     * with one of the RFC's codes. A request refused before the endpoint could read it (a body too
     * large, a media type it does not take) has no RFC code and answers in the STUPS shape, as
     * every route group without a family of its own does.
     */
    OAUTH {
        private static final Set<String> CODES = Set.of(
                "invalid_request",
                "invalid_client",
                "invalid_grant",
                "unauthorized_client",
                "unsupported_grant_type",
                "invalid_scope");

        @Override
        void checkShape(JsonNode body, String context) {
            if (!body.has("error") && body.has("message")) {
                STUPS.checkShape(body, context);
                return;
            }
            assertThat(body.path("error").asText())
                    .as("RFC 6749 error code in %s", context)
                    .isIn(CODES);
            JsonNode description = body.path("error_description");
            assertThat(description.isMissingNode() || description.isNull() || description.isTextual())
                    .as("error_description is text in %s", context)
                    .isTrue();
        }
    },

    /**
     * kploy's application registry, the App Store and its chart repository (the original App Store
     * backend, ChartMuseum), one family on the server (decision 0045): {@code {"error": "..."}} with
     * a non-blank message, optionally {@code "details"}.
     */
    APPSTORE {
        @Override
        void checkShape(JsonNode body, String context) {
            assertThat(body.path("error").isTextual())
                    .as("App Store error in %s", context)
                    .isTrue();
            assertThat(body.path("error").asText())
                    .as("App Store error in %s", context)
                    .isNotBlank();
            assertThat(body.has("message"))
                    .as("no STUPS message in %s", context)
                    .isFalse();
        }
    },

    /**
     * RSTUF (the TUF repository API): FastAPI's {@code {"detail": {"message": "...", "error": ...}}}
     * with a non-blank message.
     */
    RSTUF {
        @Override
        void checkShape(JsonNode body, String context) {
            assertThat(body.path("detail").path("message").isTextual())
                    .as("RSTUF detail.message in %s", context)
                    .isTrue();
            assertThat(body.path("detail").path("message").asText())
                    .as("RSTUF detail.message in %s", context)
                    .isNotBlank();
        }
    },

    /**
     * OCI distribution ({@code /v2/}): {@code {"errors":[{"code","message","detail"}]}} with one of
     * the spec's codes (or Pier One's TAG_INVALID).
     */
    OCI {
        private static final Set<String> CODES = Set.of(
                "BLOB_UNKNOWN",
                "BLOB_UPLOAD_INVALID",
                "BLOB_UPLOAD_UNKNOWN",
                "DIGEST_INVALID",
                "MANIFEST_BLOB_UNKNOWN",
                "MANIFEST_INVALID",
                "MANIFEST_UNKNOWN",
                "NAME_INVALID",
                "NAME_UNKNOWN",
                "SIZE_INVALID",
                "UNAUTHORIZED",
                "DENIED",
                "UNSUPPORTED",
                "TOOMANYREQUESTS",
                "TAG_INVALID",
                "PAGINATION_NUMBER_INVALID");

        @Override
        void checkShape(JsonNode body, String context) {
            JsonNode errors = body.path("errors");
            assertThat(errors.isArray() && errors.size() >= 1)
                    .as("OCI errors array in %s", context)
                    .isTrue();
            for (JsonNode error : errors) {
                assertThat(error.path("code").asText())
                        .as("OCI code in %s", context)
                        .isIn(CODES);
                assertThat(error.path("message").asText())
                        .as("OCI message in %s", context)
                        .isNotBlank();
            }
        }
    };

    /** Class names of the JDK and of the server: a body naming them leaks a stack trace. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(\\bat [\\w$.]+\\([\\w$.]*(:\\d+)?\\))|\\b(java|javax|jdk|io\\.helidon|io\\.keyport|com\\.fasterxml|org\\.h2|org\\.postgresql)\\.[a-z]");

    abstract void checkShape(JsonNode body, String context);

    /**
     * Fails unless {@code response} is a client error whose body is a JSON object of this family,
     * without a stack trace or a class name of the server.
     */
    public void check(ApiClient.Response response) {
        check(response.status(), response.header("Content-Type").orElse(null), response.body());
    }

    /** As {@link #check(ApiClient.Response)}, for a response read some other way. */
    public void check(int status, String contentType, String text) {
        String context = status + " " + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
        assertThat(status)
                .as("a client error, never a server error: %s", context)
                .isBetween(400, 499);
        assertThat(contentType).as("Content-Type of %s", context).isNotNull();
        assertThat(contentType.toLowerCase(Locale.ROOT))
                .as("Content-Type of %s", context)
                .startsWith("application/json");
        assertThat(STACK_TRACE.matcher(text).find())
                .as("no stack trace or class name in %s", context)
                .isFalse();
        JsonNode body;
        try {
            body = Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + context, e);
        }
        assertThat(body != null && body.isObject())
                .as("a JSON object: %s", context)
                .isTrue();
        checkShape(body, context);
    }
}
