package io.keyport.backend.appstore;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code index.yaml} compressed once per catalogue for clients that accept gzip (Helm's Go client
 * asks by itself), with its own ETag and {@code Vary: Accept-Encoding}; the plain index for the
 * others and for {@code gzip;q=0} (decision 0045).
 */
@KeyportTest
class ChartIndexGzipIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static HttpResponse<byte[]> index(TestServer server, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/charts/index.yaml"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void gzipWhenAskedWithItsOwnEtagAndThePlainIndexOtherwise(TestServer server, Cast cast) throws Exception {
        assertThat(AppStoreTables.upload(
                                server.baseUrl(), cast.token("alice"), TestCharts.chart("zipped", "1.0.0"), null)
                        .statusCode())
                .isEqualTo(201);
        HttpResponse<byte[]> plain = index(server);
        assertThat(plain.statusCode()).isEqualTo(200);
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Vary")).contains("Accept-Encoding");
        assertThat(new String(plain.body())).contains("zipped:");

        HttpResponse<byte[]> gzip = index(server, "Accept-Encoding", "br, gzip;q=0.8");
        assertThat(gzip.statusCode()).isEqualTo(200);
        assertThat(gzip.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gzip.headers().firstValueAsLong("Content-Length")).hasValue(gzip.body().length);
        assertThat(new GZIPInputStream(new ByteArrayInputStream(gzip.body())).readAllBytes())
                .isEqualTo(plain.body());
        String plainTag = plain.headers().firstValue("ETag").orElseThrow();
        String gzipTag = gzip.headers().firstValue("ETag").orElseThrow();
        assertThat(gzipTag).isNotEqualTo(plainTag).endsWith("-gzip\"");

        assertThat(index(server, "Accept-Encoding", "gzip", "If-None-Match", gzipTag)
                        .statusCode())
                .isEqualTo(304);
        assertThat(index(server, "Accept-Encoding", "gzip", "If-None-Match", plainTag)
                        .statusCode())
                .isEqualTo(200);
        assertThat(index(server, "If-None-Match", plainTag).statusCode()).isEqualTo(304);

        HttpResponse<byte[]> refused = index(server, "Accept-Encoding", "gzip;q=0, identity");
        assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(refused.body()).isEqualTo(plain.body());
    }
}
