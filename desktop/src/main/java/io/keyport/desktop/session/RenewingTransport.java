package io.keyport.desktop.session;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.Transport;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The session's {@link Transport}: a call refused with 401 makes the {@link Session} renew its
 * token ({@link Session#renewRefused}) and is then made once more with the new token. Repeating is
 * safe for every method, writes included: a 401 is the answer to the credentials, given before the
 * server acts on the request. A second 401, or a renewal the server refuses, reaches the caller.
 */
final class RenewingTransport implements Transport {

    private final Transport calls;
    private final Session session;

    RenewingTransport(Transport calls, Session session) {
        this.calls = calls;
        this.session = session;
    }

    @Override
    public <T> T get(String path, Map<String, String> query, TypeReference<T> type) {
        return renewingOnce(() -> calls.get(path, query, type));
    }

    @Override
    public <T> T post(String path, Object body, TypeReference<T> type) {
        return renewingOnce(() -> calls.post(path, body, type));
    }

    @Override
    public <T> T patch(String path, Object body, TypeReference<T> type) {
        return renewingOnce(() -> calls.patch(path, body, type));
    }

    @Override
    public <T> T put(String path, Object body, TypeReference<T> type) {
        return renewingOnce(() -> calls.put(path, body, type));
    }

    @Override
    public void delete(String path) {
        renewingOnce(() -> {
            calls.delete(path);
            return null;
        });
    }

    @Override
    public void delete(String path, Map<String, String> query) {
        renewingOnce(() -> {
            calls.delete(path, query);
            return null;
        });
    }

    @Override
    public <T> T upload(
            String path,
            Map<String, String> query,
            Path source,
            java.util.function.LongConsumer sent,
            java.util.function.BooleanSupplier cancelled,
            TypeReference<T> type) {
        return renewingOnce(() -> calls.upload(path, query, source, sent, cancelled, type));
    }

    @Override
    public Raw fetchRaw(String path, String accept) {
        return renewingOnce(() -> calls.fetchRaw(path, accept));
    }

    @Override
    public void download(String path, Map<String, String> query, Path target) {
        renewingOnce(() -> {
            calls.download(path, query, target);
            return null;
        });
    }

    @Override
    public void download(
            String path,
            Map<String, String> query,
            Path target,
            java.util.function.LongConsumer received,
            java.util.function.BooleanSupplier cancelled) {
        renewingOnce(() -> {
            calls.download(path, query, target, received, cancelled);
            return null;
        });
    }

    @Override
    public Fetched fetch(String path, String etag) {
        return renewingOnce(() -> calls.fetch(path, etag));
    }

    private <T> T renewingOnce(Supplier<T> call) {
        String token = session.accessToken(); // the one the call sends (renewed first if it is due)
        try {
            return call.get();
        } catch (BackendException e) {
            if (e.status() != 401 || !session.renewRefused(token)) {
                throw e;
            }
            return call.get();
        }
    }
}
