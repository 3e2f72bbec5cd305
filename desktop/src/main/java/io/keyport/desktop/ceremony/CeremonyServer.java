package io.keyport.desktop.ceremony;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The only way a ceremony reaches a server, used by {@link CeremonyService#send} and nothing else: an
 * offline ceremony never gets one, so it cannot make a connection. Each call waits until the server
 * finished the task it started and answers its final result, or throws {@link CeremonyException}
 * with the server's own message.
 */
public interface CeremonyServer {

    /** {@code POST /api/v1/bootstrap} with the bootstrap payload. */
    String bootstrap(JsonNode payload);

    /** {@code POST /api/v1/metadata} with {@code {"metadata": {"root": ...}}}. */
    String updateRoot(JsonNode payload);

    /**
     * {@code POST /api/v1/metadata/sign} with {@code {"role", "signature"}}; answers {@link #NOT_PENDING}
     * when nothing waits for signatures (any more).
     */
    String sign(JsonNode signature);

    /** What {@link #sign} answers when the server holds no metadata pending signatures. */
    String NOT_PENDING = "no signatures pending";
}
