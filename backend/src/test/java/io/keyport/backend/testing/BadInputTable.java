package io.keyport.backend.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One domain's bad requests for {@link BadInputs}: each must answer a 4xx in the domain's error
 * family ({@link ErrorBodies}) and change nothing. Rows are grouped ({@link #group}) by what is
 * wrong with them (malformed JSON, invalid ids...); {@link #snapshot} names what a bad request of
 * the domain could change, read back as the admin before and after each request.
 *
 * <p>A row is sent as a {@link Cast} identity ({@code anon}, {@code admin}, {@code alice}...).
 */
public final class BadInputTable {

    /**
     * One bad request. {@code expected} is the exact status, or 0 for "any 4xx". Headers alternate
     * name, value; a Content-Type of application/json is added when there is a body and none is given.
     */
    public record Bad(
            BadInputTable table,
            String group,
            String name,
            String as,
            String method,
            String path,
            byte[] body,
            int expected,
            List<String> headers) {
        @Override
        public String toString() {
            return table.domain + " · " + group + " · " + name + " -> " + (expected == 0 ? "4xx" : expected);
        }
    }

    private final String domain;
    private final ErrorBodies errors;
    private final List<String> snapshot = new ArrayList<>();
    private final List<Bad> rows = new ArrayList<>();
    private String group = "";

    private BadInputTable(String domain, ErrorBodies errors) {
        this.domain = domain;
        this.errors = errors;
    }

    /** The table of {@code domain}, whose errors are in {@code errors}. */
    public static BadInputTable of(String domain, ErrorBodies errors) {
        return new BadInputTable(domain, errors);
    }

    /** Paths (read as the admin, each answering 200) that a bad request of this domain could change. */
    public BadInputTable snapshot(String... paths) {
        snapshot.addAll(List.of(paths));
        return this;
    }

    /** The rows added from now on are of {@code name}. */
    public BadInputTable group(String name) {
        this.group = name;
        return this;
    }

    /** Adds a row with a text body (UTF-8; null for none). */
    public BadInputTable add(
            String name, String as, String method, String path, String body, int expected, String... headers) {
        return addBytes(
                name, as, method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), expected, headers);
    }

    /** Adds a row with a body of raw bytes. */
    public BadInputTable addBytes(
            String name, String as, String method, String path, byte[] body, int expected, String... headers) {
        rows.add(new Bad(this, group, name, as, method, path, body, expected, List.of(headers)));
        return this;
    }

    /** {@code text} percent-encoded for a path segment or query value ({@code %20} for a space). */
    public static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public String domain() {
        return domain;
    }

    public ErrorBodies errors() {
        return errors;
    }

    public List<String> snapshotPaths() {
        return List.copyOf(snapshot);
    }

    public List<Bad> rows() {
        return List.copyOf(rows);
    }
}
