package io.keyport.backend.http;

import io.helidon.common.uri.UriQuery;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.UnaryOperator;

/**
 * The response to a {@code HEAD} request: whatever the {@code GET} handler (or an error mapping)
 * writes sets the status, the headers and {@code Content-Length}, but no body byte reaches the wire,
 * so a pipelined request after a {@code HEAD} is parsed where it starts.
 */
final class HeadResponse implements ServerResponse {

    private final ServerResponse delegate;

    private HeadResponse(ServerResponse delegate) {
        this.delegate = delegate;
    }

    /** {@code res} itself for any method but {@code HEAD}. */
    static ServerResponse of(ServerRequest req, ServerResponse res) {
        return req.prologue().method().equals(Method.HEAD) && !(res instanceof HeadResponse)
                ? new HeadResponse(res)
                : res;
    }

    @Override
    public ServerResponse status(Status status) {
        delegate.status(status);
        return this;
    }

    @Override
    public Status status() {
        return delegate.status();
    }

    @Override
    public ServerResponse header(Header header) {
        delegate.header(header);
        return this;
    }

    @Override
    public void send() {
        delegate.send();
    }

    @Override
    public void send(byte[] bytes) {
        send(bytes, 0, bytes.length);
    }

    @Override
    public void send(byte[] bytes, int position, int length) {
        withoutBody(length);
    }

    @Override
    public void send(Object entity) {
        if (entity instanceof byte[] bytes) {
            send(bytes);
        } else if (entity instanceof String text) {
            send(text.getBytes(StandardCharsets.UTF_8));
        } else {
            delegate.send();
        }
    }

    private void withoutBody(long length) {
        if (!delegate.headers().contains(HeaderNames.CONTENT_LENGTH)) {
            delegate.headers().contentLength(length);
        }
        delegate.send();
    }

    @Override
    public boolean isSent() {
        return delegate.isSent();
    }

    /** Counts what a streaming handler writes and answers with that length, writing none of it. */
    @Override
    public OutputStream outputStream() {
        return new OutputStream() {
            private long count;
            private boolean closed;

            @Override
            public void write(int b) {
                count++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count += len;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    withoutBody(count);
                }
            }
        };
    }

    @Override
    public long bytesWritten() {
        return delegate.bytesWritten();
    }

    @Override
    public ServerResponse whenSent(Runnable listener) {
        delegate.whenSent(listener);
        return this;
    }

    @Override
    public ServerResponse reroute(String newPath) {
        delegate.reroute(newPath);
        return this;
    }

    @Override
    public ServerResponse reroute(String path, UriQuery query) {
        delegate.reroute(path, query);
        return this;
    }

    @Override
    public ServerResponse next() {
        delegate.next();
        return this;
    }

    @Override
    public ServerResponseHeaders headers() {
        return delegate.headers();
    }

    @Override
    public ServerResponseTrailers trailers() {
        return delegate.trailers();
    }

    @Override
    public void streamResult(String result) {
        delegate.streamResult(result);
    }

    @Override
    public void streamFilter(UnaryOperator<OutputStream> filterFunction) {
        delegate.streamFilter(filterFunction);
    }
}
