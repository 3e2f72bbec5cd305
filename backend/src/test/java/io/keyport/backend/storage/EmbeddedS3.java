package io.keyport.backend.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server in this JVM: s3proxy on a free port of 127.0.0.1, keeping its buckets in a
 * temporary folder, with SigV4 authentication. s3proxy is a test-scope dependency only (its Jetty is
 * its own, nothing of it reaches the server's classpath).
 *
 * <p>Either {@link #start()} it and close it, or register one per test class, which starts it
 * before the class's tests and stops it after them:
 * {@code @RegisterExtension static final EmbeddedS3 s3 = EmbeddedS3.perClass();}
 */
public final class EmbeddedS3 implements AutoCloseable, BeforeAllCallback, AfterAllCallback {

    public static final String ACCESS_KEY = "keyport-test-access";
    public static final String SECRET_KEY = "keyport-test-secret";
    public static final String REGION = "us-east-1";

    private Path folder;
    private S3Proxy proxy;
    private URI endpoint;

    private EmbeddedS3() {}

    /** Not started yet: for {@code @RegisterExtension}. */
    public static EmbeddedS3 perClass() {
        return new EmbeddedS3();
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        run();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    private void run() throws Exception {
        folder = Files.createTempDirectory("keyport-s3proxy");
        proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(folder.toString()))
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!proxy.getState().equals("STARTED")) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("s3proxy did not start: " + proxy.getState());
            }
            Thread.onSpinWait();
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    }

    public static EmbeddedS3 start() {
        try {
            EmbeddedS3 s3 = new EmbeddedS3();
            s3.run();
            return s3;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy", e);
        }
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Creates a new, empty bucket and returns its name. */
    public String newBucket() {
        String bucket = "keyport-" + UUID.randomUUID();
        try (S3Client client = client()) {
            client.createBucket(r -> r.bucket(bucket));
        }
        return bucket;
    }

    /** A plain S3 client of this server, for looking behind a storage's back. The caller closes it. */
    public S3Client client() {
        return S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .forcePathStyle(true)
                .build();
    }

    /** Settings for {@code bucket}, with redirects on and the smallest part size S3 allows. */
    public S3Config settings(String bucket) {
        return new S3Config(
                Optional.of(endpoint),
                bucket,
                REGION,
                Optional.of(ACCESS_KEY),
                Optional.of(SECRET_KEY),
                true,
                true,
                S3Config.MIN_PART_SIZE);
    }

    /** The {@code KEYPORT_*} variables an operator sets for {@code bucket}. */
    public Map<String, String> serverSettings(String bucket) {
        return Map.of(
                "KEYPORT_STORAGE", "s3",
                "KEYPORT_S3_ENDPOINT", endpoint.toString(),
                "KEYPORT_S3_BUCKET", bucket,
                "KEYPORT_S3_REGION", REGION,
                "KEYPORT_S3_ACCESS_KEY", ACCESS_KEY,
                "KEYPORT_S3_SECRET_KEY", SECRET_KEY,
                "KEYPORT_S3_PATH_STYLE", "true");
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
