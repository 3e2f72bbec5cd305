package io.keyport.desktop.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.Transport;
import io.keyport.model.audit.AuditEntry;
import io.keyport.model.audit.AuditFilter;
import io.keyport.model.common.Timestamps;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The audit log API for admins ({@code /api/audit}, {@code /api/audit/verify},
 * {@code /api/audit/export}; docs/audit.md). Every call blocks and throws {@link BackendException}
 * with the server's message; run it through a {@code TaskExecutor}.
 */
public final class AuditClient {

    /** The server's largest page. */
    public static final int MAX_LIMIT = 1000;

    private static final TypeReference<Page> PAGE = new TypeReference<>() {};
    private static final TypeReference<Verification> VERIFICATION = new TypeReference<>() {};

    private final Transport transport;

    public AuditClient(Transport transport) {
        this.transport = Objects.requireNonNull(transport);
    }

    /** One page of entries; {@code next} is the cursor of the following page, null on the last. */
    public record Page(List<AuditEntry> entries, Long next) {
        public Page {
            entries = entries == null ? List.of() : List.copyOf(entries);
        }
    }

    /**
     * The outcome of {@code /api/audit/verify}: intact with the number of entries, or the first
     * broken entry's sequence number and the reason.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Verification(boolean intact, long entries, Long firstBrokenSeq, String reason) {}

    /**
     * At most {@code limit} entries matching {@code filter}, newest first, with sequence numbers
     * below {@code before} ({@link Long#MAX_VALUE}: from the newest).
     */
    public Page newestFirst(AuditFilter filter, long before, int limit) {
        Map<String, String> query = query(filter);
        query.put("order", "desc");
        query.put("before", Long.toString(before));
        query.put("limit", Integer.toString(limit));
        return transport.get("/api/audit", query, PAGE);
    }

    /** Recomputes the whole hash chain on the server. */
    public Verification verify() {
        return transport.get("/api/audit/verify", Map.of(), VERIFICATION);
    }

    /**
     * Streams the entries matching {@code filter} into {@code target} as JSON lines; the file
     * appears only once complete.
     */
    public void export(AuditFilter filter, Path target) {
        export(filter, target, received -> {}, () -> false);
    }

    /**
     * {@link #export(AuditFilter, Path)} that reports the bytes received and stops, leaving no file,
     * with a {@link java.util.concurrent.CancellationException} once {@code cancelled} turns true.
     */
    public void export(
            AuditFilter filter,
            Path target,
            java.util.function.LongConsumer received,
            java.util.function.BooleanSupplier cancelled) {
        transport.download("/api/audit/export", query(filter), target, received, cancelled);
    }

    private static Map<String, String> query(AuditFilter filter) {
        Map<String, String> query = new LinkedHashMap<>();
        if (filter != null) {
            query.put("actor", filter.actor());
            query.put("action", filter.action());
            query.put("target", filter.target());
            query.put("from", time(filter.from()));
            query.put("to", time(filter.to()));
        }
        return query;
    }

    private static String time(Instant instant) {
        return instant == null ? null : Timestamps.format(instant);
    }
}
