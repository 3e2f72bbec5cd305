package io.keyport.backend.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The storage contract on S3: s3proxy embedded in the test (one server for the class, a new bucket
 * per test), 5 MiB parts so that the suite's large writes cross part boundaries. The tests here look
 * behind the storage's back with a plain S3 client, at what the contract cannot see: the multipart
 * upload that a resumed write continues, the tail object, the multipart copy and presigned URLs.
 */
class S3StorageTest extends StorageContractTest {

    private static final int PART = S3Config.MIN_PART_SIZE;

    @RegisterExtension
    static final EmbeddedS3 s3 = EmbeddedS3.perClass();

    private S3Config settings;
    private S3Client raw;

    @Override
    protected BlobStorage newStorage() {
        settings = s3.settings(s3.newBucket());
        raw = s3.client();
        return new S3Storage(settings, clock);
    }

    @Override
    protected BlobStorage newInstanceOnSameStore() {
        return new S3Storage(settings, clock);
    }

    @AfterEach
    void closeRawClient() {
        raw.close();
    }

    @Test
    void aResumedWriteContinuesItsMultipartUpload() throws Exception {
        byte[] content = random(2 * PART + 10);
        BlobWriter writer = storage.openWriter();
        writer.write(content, 0, PART + 10);
        writer.suspend();

        MultipartUpload upload = onlyUpload();
        assertThat(upload.key()).isEqualTo("_uploads/" + writer.id());
        assertThat(parts(upload)).extracting(Part::size).containsExactly((long) PART);
        assertThat(staged())
                .as("the 10 bytes after the part wait in the tail object")
                .containsExactly("_uploads/" + writer.id() + ".tail");

        try (S3Storage replica = new S3Storage(settings, clock)) {
            BlobWriter resumed = replica.resumeWriter(writer.id()).orElseThrow();
            assertThat(resumed.size()).isEqualTo(PART + 10);
            resumed.write(content, PART + 10, PART);

            assertThat(onlyUpload().uploadId()).as("the same upload").isEqualTo(upload.uploadId());
            assertThat(parts(upload)).extracting(Part::size).containsExactly((long) PART, (long) PART);
            assertThat(staged()).as("the tail went into part 2").isEmpty();

            resumed.commit("resumed");
        }

        assertThat(raw.listMultipartUploads(r -> r.bucket(settings.bucket())).uploads())
                .isEmpty();
        assertThat(staged()).isEmpty();
        assertThat(readAll("resumed")).isEqualTo(content);
        assertThat(storage.delete("resumed")).isTrue();
    }

    @Test
    void purgeAbortsTheMultipartUploadsOfAbandonedWrites() throws IOException {
        BlobWriter abandoned = storage.openWriter();
        abandoned.write(random(PART + 1));

        assertThat(storage.purgeStaging(Duration.ofMinutes(10))).isZero();
        assertThat(storage.purgeStaging(Duration.ZERO)).isEqualTo(1);

        assertThat(raw.listMultipartUploads(r -> r.bucket(settings.bucket())).uploads())
                .isEmpty();
        abandoned.close();
    }

    @Test
    void blobAboveTheSingleCopyLimitIsCopiedInParts() throws IOException {
        byte[] content = random(2 * PART + 7);
        try (S3Storage small = new S3Storage(settings, clock, PART + 1, PART)) {
            try (BlobWriter writer = small.openWriter()) {
                writer.write(content);
                writer.commit("copied/in/parts");
            }
        }

        assertThat(readAll("copied/in/parts")).isEqualTo(content);
        assertThat(raw.listMultipartUploads(r -> r.bucket(settings.bucket())).uploads())
                .isEmpty();
        assertThat(staged()).isEmpty();
        assertThat(storage.delete("copied/in/parts")).isTrue();
    }

    @Test
    void redirectUrlIsAPresignedGetOfTheBlob() throws Exception {
        storage.put("presigned/blob", new ByteArrayInputStream("fetched directly".getBytes()));

        var url = storage.redirectUrl("presigned/blob", Duration.ofMinutes(5)).orElseThrow();
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("fetched directly");
        assertThat(storage.redirectUrl("presigned/blob", Duration.ofDays(8)))
                .as("longer than SigV4 allows")
                .isEmpty();
        try (S3Storage withoutRedirect = new S3Storage(
                new S3Config(
                        settings.endpoint(),
                        settings.bucket(),
                        settings.region(),
                        settings.accessKey(),
                        settings.secretKey(),
                        true,
                        false,
                        PART),
                clock)) {
            assertThat(withoutRedirect.redirectUrl("presigned/blob", Duration.ofMinutes(5)))
                    .isEmpty();
        }
        assertThat(storage.delete("presigned/blob")).isTrue();
    }

    private MultipartUpload onlyUpload() {
        List<MultipartUpload> uploads =
                raw.listMultipartUploads(r -> r.bucket(settings.bucket())).uploads();
        assertThat(uploads).hasSize(1);
        return uploads.get(0);
    }

    private List<Part> parts(MultipartUpload upload) {
        return raw.listParts(r -> r.bucket(settings.bucket()).key(upload.key()).uploadId(upload.uploadId()))
                .parts();
    }

    /** The objects under the staging prefix (a multipart upload in progress is not one). */
    private List<String> staged() {
        return raw.listObjectsV2(r -> r.bucket(settings.bucket()).prefix("_uploads/")).contents().stream()
                .map(S3Object::key)
                .toList();
    }

    private byte[] readAll(String key) throws IOException {
        try (InputStream in = storage.openReader(key)) {
            return in.readAllBytes();
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
