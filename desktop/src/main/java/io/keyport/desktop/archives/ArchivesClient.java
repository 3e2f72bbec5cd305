package io.keyport.desktop.archives;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.Transport;
import io.keyport.model.archives.ArchiveEntry;
import io.keyport.model.archives.ArchiveUploaded;
import io.keyport.model.archives.ArchivesStatus;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * kploy's application registry API ({@code /api/v1}, {@code /api/v1/app}; docs/archives.md). A
 * workspace is named as the server lists it ({@code global/}, {@code github.com/team/app/}) and
 * sent as the URL kploy's rule maps back to it. Every call blocks and throws
 * {@link BackendException} with the server's message; run it through a {@code TaskExecutor}.
 */
public final class ArchivesClient {

    public static final String GLOBAL = "global/";

    private static final TypeReference<ArchivesStatus> STATUS = new TypeReference<>() {};
    private static final TypeReference<List<ArchiveEntry>> ENTRIES = new TypeReference<>() {};
    private static final TypeReference<ArchiveUploaded> UPLOADED = new TypeReference<>() {};

    private final Transport transport;

    public ArchivesClient(Transport transport) {
        this.transport = Objects.requireNonNull(transport);
    }

    /** The registry's status, with every workspace that holds an archive. */
    public ArchivesStatus status() {
        return transport.get("/api/v1", Map.of(), STATUS);
    }

    /** The archives of {@code workspace}, by id. */
    public List<ArchiveEntry> list(String workspace) {
        return transport.get("/api/v1/app", query(workspace, null), ENTRIES);
    }

    /**
     * Uploads the archive file {@code source} to {@code workspaceUrl} (a URL with host and path,
     * or blank for the global workspace), streamed; {@code sent} hears the bytes sent so far.
     */
    public ArchiveUploaded upload(
            String workspaceUrl, String team, Path source, LongConsumer sent, BooleanSupplier cancelled) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("workspace", workspaceUrl == null || workspaceUrl.isBlank() ? null : workspaceUrl.trim());
        query.put("team", team == null || team.isBlank() ? null : team.trim());
        return transport.upload("/api/v1/app", query, source, sent, cancelled, UPLOADED);
    }

    /** Downloads an archive's bytes into {@code target} (which appears only once complete). */
    public void download(String workspace, String id, Path target) {
        transport.download("/api/v1/app/" + id, query(workspace, null), target);
    }

    public void delete(String workspace, String id) {
        transport.delete("/api/v1/app/" + id, query(workspace, null));
    }

    /** The {@code ?workspace=} value that names {@code workspace} again; null for the global one. */
    public static String workspaceUrl(String workspace) {
        if (workspace == null || workspace.isBlank() || workspace.equals(GLOBAL)) {
            return null;
        }
        return "http://" + workspace;
    }

    private static Map<String, String> query(String workspace, String team) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("workspace", workspaceUrl(workspace));
        query.put("team", team);
        return query;
    }
}
