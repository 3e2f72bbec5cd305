package io.keyport.backend.registry;

import static io.keyport.backend.registry.RegistryClient.expect;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.backend.registry.Images.Blob;
import io.keyport.backend.registry.RegistryClient.Reply;
import io.keyport.backend.testing.Cast;
import io.keyport.backend.testing.ErrorBodies;
import io.keyport.backend.testing.KeyportTest;
import io.keyport.backend.testing.TestServer;
import io.keyport.model.registry.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OCI Distribution Spec 1.1.1 from outside, against the running server (H2 and PostgreSQL),
 * one test per test of the official conformance suite (named as it names them; the suite itself
 * cannot be built here, reference/registry.md section 2), plus the rules the spec leaves to us.
 * Every refusal is checked for the OCI error body.
 */
@KeyportTest
class OciConformanceIT {

    static final String REPO = "team-a/conformance";
    static final String REPO2 = "team-a/group/crossmount";

    static TestServer server;
    static RegistryClient alice;
    static RegistryClient bob;
    static RegistryClient anon;
    static final Random RANDOM = new Random(1);

    @BeforeAll
    static void start(TestServer testServer, Cast cast) {
        server = testServer;
        alice = RegistryClient.basic(server.baseUrl(), "alice", Cast.PASSWORD);
        bob = RegistryClient.basic(server.baseUrl(), "bob", Cast.PASSWORD);
        anon = RegistryClient.anonymous(server.baseUrl());
    }

    static byte[] random(int size) {
        byte[] b = new byte[size];
        RANDOM.nextBytes(b);
        return b;
    }

    static Reply refused(Reply r, int status, String code) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        ErrorBodies.OCI.check(r.status(), r.header("Content-Type").orElse(null), r.text());
        assertThat(r.errorCode()).as(r.toString()).isEqualTo(code);
        assertThat(r.header("Docker-Distribution-API-Version")).contains("registry/2.0");
        return r;
    }

    /** Pushes a config and one layer and an image manifest under {@code reference}; returns the manifest. */
    static byte[] pushImage(RegistryClient client, String repo, String reference) {
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"n\":" + RANDOM.nextInt() + "}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] layer = random(2048);
        client.pushBlob(repo, config);
        client.pushBlob(repo, layer);
        byte[] manifest = Images.manifest(
                Images.blob(Images.OCI_CONFIG, config), List.of(Images.blob(Images.OCI_LAYER, layer)), null);
        expect(client.putManifest(repo, reference, Images.OCI_MANIFEST, manifest), 201);
        return manifest;
    }

    // ---- pull and the API check

    @Test
    void ping() {
        Reply r = anon.get("/v2/");
        refused(r, 401, "UNAUTHORIZED");
        assertThat(r.header("WWW-Authenticate").orElseThrow())
                .startsWith("Bearer realm=\"http://127.0.0.1:" + server.port() + "/v2/token\"")
                .contains("service=\"keyport\"");
        Reply ok = expect(alice.get("/v2/"), 200);
        assertThat(ok.header("Docker-Distribution-API-Version")).contains("registry/2.0");
    }

    @Test
    void blobPostPut() {
        byte[] bytes = random(10_000);
        Digest digest = alice.pushBlob(REPO, bytes);
        Reply get = expect(alice.get("/v2/" + REPO + "/blobs/" + digest), 200);
        assertThat(get.body()).isEqualTo(bytes);
        assertThat(get.header("Docker-Content-Digest")).contains(digest.toString());
    }

    @Test
    void blobPostOnly() {
        byte[] bytes = random(5000);
        Digest digest = Digest.sha256(bytes);
        Reply r = expect(
                alice.send(
                        "POST",
                        "/v2/" + REPO + "/blobs/uploads/?digest=" + digest,
                        bytes,
                        "Content-Type",
                        "application/octet-stream"),
                201);
        assertThat(r.header("Location")).contains("/v2/" + REPO + "/blobs/" + digest);
        assertThat(r.header("Docker-Content-Digest")).contains(digest.toString());
        assertStored(REPO, digest, bytes);
    }

    @Test
    void blobPatchChunked() {
        byte[] bytes = random(300_000);
        Digest digest = Digest.sha256(bytes);
        Reply start = expect(alice.send("POST", "/v2/" + REPO + "/blobs/uploads/", null), 202);
        String location = start.header("Location").orElseThrow();
        assertThat(start.header("Range")).contains("0-0");
        int chunk = 100_000;
        for (int i = 0; i < 3; i++) {
            byte[] part = Arrays.copyOfRange(bytes, i * chunk, (i + 1) * chunk);
            Reply patch = expect(alice.patch(location, part, (i * chunk) + "-" + ((i + 1) * chunk - 1)), 202);
            assertThat(patch.header("Range")).contains("0-" + ((i + 1) * chunk - 1));
            location = patch.header("Location").orElseThrow();
            if (i == 1) {
                // out of order: a chunk that does not start where the session stands is 416
                Reply gap = alice.patch(location, part, "250000-349999");
                refused(gap, 416, "BLOB_UPLOAD_INVALID");
                assertThat(gap.header("Range")).contains("0-199999");
                Reply status = expect(alice.get(location), 204);
                assertThat(status.header("Range")).contains("0-199999");
            }
        }
        expect(alice.send("PUT", location + "?digest=" + digest, null), 201);
        assertStored(REPO, digest, bytes);
    }

    @Test
    void blobPatchChunkedWithLastChunkOnPut() {
        byte[] bytes = random(1000);
        Digest digest = Digest.sha256(bytes);
        String location = alice.startUpload(REPO);
        location = expect(alice.patch(location, Arrays.copyOfRange(bytes, 0, 600), "0-599"), 202)
                .header("Location")
                .orElseThrow();
        expect(
                alice.send(
                        "PUT",
                        location + "?digest=" + digest,
                        Arrays.copyOfRange(bytes, 600, 1000),
                        "Content-Type",
                        "application/octet-stream",
                        "Content-Range",
                        "600-999"),
                201);
        assertStored(REPO, digest, bytes);
    }

    @Test
    void blobPatchStream() {
        byte[] bytes = random(200_000);
        Digest digest = Digest.sha256(bytes);
        String location = alice.startUpload(REPO);
        Reply patch = expect(alice.patch(location, bytes, null), 202);
        assertThat(patch.header("Range")).contains("0-199999");
        expect(alice.send("PUT", patch.header("Location").orElseThrow() + "?digest=" + digest, null), 201);
        assertStored(REPO, digest, bytes);
    }

    @Test
    void blobPostCancel() {
        String location = alice.startUpload(REPO);
        expect(alice.patch(location, random(100), null), 202);
        expect(alice.send("DELETE", location, null), 204);
        refused(alice.get(location), 404, "BLOB_UPLOAD_UNKNOWN");
        refused(
                alice.send("PUT", location + "?digest=" + Digest.sha256(new byte[0]), null),
                404,
                "BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void blobMount() {
        byte[] bytes = random(4000);
        Digest digest = alice.pushBlob(REPO, bytes);
        Reply r = expect(
                alice.send("POST", "/v2/" + REPO2 + "/blobs/uploads/?mount=" + digest + "&from=" + REPO, null), 201);
        assertThat(r.header("Location")).contains("/v2/" + REPO2 + "/blobs/" + digest);
        assertThat(r.header("Docker-Content-Digest")).contains(digest.toString());
        assertThat(alice.get("/v2/" + REPO2 + "/blobs/" + digest).body()).isEqualTo(bytes);
        // bob may read team-a's repository, so he mounts into his team's one
        expect(bob.send("POST", "/v2/team-b/mounted/blobs/uploads/?mount=" + digest + "&from=" + REPO, null), 201);
    }

    @Test
    void blobMountAnonymous() {
        byte[] bytes = random(3000);
        Digest digest = alice.pushBlob(REPO, bytes);
        expect(alice.send("POST", "/v2/team-a/anonymous-mount/blobs/uploads/?mount=" + digest, null), 201);
        assertThat(alice.get("/v2/team-a/anonymous-mount/blobs/" + digest).body())
                .isEqualTo(bytes);
    }

    @Test
    void mountMissing() {
        Digest missing = Digest.sha256(random(10));
        Reply r = expect(
                alice.send("POST", "/v2/" + REPO2 + "/blobs/uploads/?mount=" + missing + "&from=" + REPO, null), 202);
        assertThat(r.header("Location").orElseThrow()).contains("/v2/" + REPO2 + "/blobs/uploads/");
        refused(alice.get("/v2/" + REPO2 + "/blobs/" + missing), 404, "BLOB_UNKNOWN");
    }

    @Test
    void blobHeadAndGet() {
        byte[] bytes = random(777);
        Digest digest = alice.pushBlob(REPO, bytes);
        Reply head = expect(alice.head("/v2/" + REPO + "/blobs/" + digest), 200);
        assertThat(head.header("Content-Length")).contains("777");
        assertThat(head.header("Docker-Content-Digest")).contains(digest.toString());
        assertThat(head.body()).isEmpty();
        // a blob of another repository is not visible here, even though its bytes are stored once
        refused(alice.get("/v2/team-a/elsewhere/blobs/" + digest), 404, "BLOB_UNKNOWN");
    }

    @Test
    void rangeRequests() {
        byte[] bytes = random(1000);
        Digest digest = alice.pushBlob(REPO, bytes);
        Reply part = expect(alice.get("/v2/" + REPO + "/blobs/" + digest, "Range", "bytes=100-199"), 206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(bytes, 100, 200));
        assertThat(part.header("Content-Range")).contains("bytes 100-199/1000");
        Reply suffix = expect(alice.get("/v2/" + REPO + "/blobs/" + digest, "Range", "bytes=-10"), 206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(bytes, 990, 1000));
        Reply open = expect(alice.get("/v2/" + REPO + "/blobs/" + digest, "Range", "bytes=995-"), 206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(bytes, 995, 1000));
        Reply beyond = alice.get("/v2/" + REPO + "/blobs/" + digest, "Range", "bytes=2000-3000");
        refused(beyond, 416, "BLOB_UPLOAD_INVALID");
        assertThat(beyond.header("Content-Range")).contains("bytes */1000");
    }

    @Test
    void invalidDigestFormat() {
        refused(alice.get("/v2/" + REPO + "/blobs/sha256:xyz"), 400, "DIGEST_INVALID");
        refused(alice.get("/v2/" + REPO + "/blobs/md5:d41d8cd98f00b204e9800998ecf8427e"), 400, "DIGEST_INVALID");
        refused(
                alice.send("POST", "/v2/" + REPO + "/blobs/uploads/?digest=sha256:abc", random(10)),
                400,
                "DIGEST_INVALID");
        byte[] bytes = random(100);
        Reply wrong = alice.send("POST", "/v2/" + REPO + "/blobs/uploads/?digest=" + Digest.sha256(random(100)), bytes);
        refused(wrong, 400, "DIGEST_INVALID");
        refused(alice.get("/v2/" + REPO + "/blobs/" + Digest.sha256(bytes)), 404, "BLOB_UNKNOWN");
    }

    @Test
    void emptyBlobAndSha512() {
        Digest empty = alice.pushBlob(REPO, new byte[0]);
        Reply get = expect(alice.get("/v2/" + REPO + "/blobs/" + empty), 200);
        assertThat(get.body()).isEmpty();
        assertThat(get.header("Content-Length")).contains("0");
        byte[] bytes = random(5000);
        Digest sha512 = Digest.compute(Digest.Algorithm.SHA512, bytes);
        expect(alice.send("POST", "/v2/" + REPO + "/blobs/uploads/?digest=" + sha512, bytes), 201);
        assertThat(alice.get("/v2/" + REPO + "/blobs/" + sha512).body()).isEqualTo(bytes);
        // a chunked sha512 upload names the algorithm when it starts
        String location = expect(
                        alice.send("POST", "/v2/" + REPO + "/blobs/uploads/?digest-algorithm=sha512", null), 202)
                .header("Location")
                .orElseThrow();
        byte[] more = random(3000);
        location = expect(alice.send("PATCH", location, more), 202)
                .header("Location")
                .orElseThrow();
        expect(alice.send("PUT", location + "?digest=" + Digest.compute(Digest.Algorithm.SHA512, more), null), 201);
    }

    // ---- manifests

    @Test
    void manifestPutByTagAndGetByTagAndDigest() {
        byte[] manifest = pushImage(alice, REPO, "1.0");
        Digest digest = Digest.sha256(manifest);
        for (String reference : List.of("1.0", digest.toString())) {
            Reply get =
                    expect(alice.get("/v2/" + REPO + "/manifests/" + reference, "Accept", Images.OCI_MANIFEST), 200);
            assertThat(get.body()).isEqualTo(manifest);
            assertThat(get.header("Content-Type")).contains(Images.OCI_MANIFEST);
            assertThat(get.header("Docker-Content-Digest")).contains(digest.toString());
            Reply head = expect(alice.head("/v2/" + REPO + "/manifests/" + reference), 200);
            assertThat(head.header("Content-Length")).contains(Integer.toString(manifest.length));
            assertThat(head.header("Docker-Content-Digest")).contains(digest.toString());
        }
    }

    @Test
    void manifestPutByDigestIsStoredByteForByte() {
        byte[] config = "{\"os\":\"linux\",   \"weird\" : [1,2]}".getBytes(StandardCharsets.UTF_8);
        alice.pushBlob(REPO, config);
        // odd whitespace and a custom field: the bytes are kept, never re-serialised
        byte[] manifest = ("{ \"schemaVersion\": 2,\n  \"mediaType\":\"" + Images.OCI_MANIFEST + "\", \"config\":"
                        + Images.blob(Images.OCI_CONFIG, config).json() + ",\"layers\":[],\"x-custom\":{\"a\":1}}\n")
                .getBytes(StandardCharsets.UTF_8);
        Digest digest = Digest.sha256(manifest);
        Reply put = expect(alice.putManifest(REPO, digest.toString(), Images.OCI_MANIFEST, manifest), 201);
        assertThat(put.header("Docker-Content-Digest")).contains(digest.toString());
        assertThat(put.header("Location")).contains("/v2/" + REPO + "/manifests/" + digest);
        assertThat(alice.get("/v2/" + REPO + "/manifests/" + digest).body()).isEqualTo(manifest);
        refused(
                alice.putManifest(REPO, Digest.sha256(random(5)).toString(), Images.OCI_MANIFEST, manifest),
                400,
                "DIGEST_INVALID");
    }

    @Test
    void dockerSchema2ManifestAndIndex() {
        byte[] config = "{\"os\":\"linux\",\"docker\":true}".getBytes(StandardCharsets.UTF_8);
        byte[] layer = random(100);
        alice.pushBlob(REPO, config);
        alice.pushBlob(REPO, layer);
        byte[] docker = ("{\"schemaVersion\":2,\"mediaType\":\"" + Images.DOCKER_MANIFEST + "\",\"config\":"
                        + Images.blob("application/vnd.docker.container.image.v1+json", config)
                                .json()
                        + ",\"layers\":["
                        + Images.blob("application/vnd.docker.image.rootfs.diff.tar.gzip", layer)
                                .json() + "]}")
                .getBytes(StandardCharsets.UTF_8);
        Digest child = Digest.sha256(docker);
        expect(alice.putManifest(REPO, child.toString(), Images.DOCKER_MANIFEST, docker), 201);
        byte[] index = Images.index(List.of(new Blob(Images.DOCKER_MANIFEST, child, docker.length)));
        expect(alice.putManifest(REPO, "multi", Images.OCI_INDEX, index), 201);
        Reply get = expect(alice.get("/v2/" + REPO + "/manifests/multi"), 200);
        assertThat(get.header("Content-Type")).contains(Images.OCI_INDEX);
        assertThat(get.body()).isEqualTo(index);
        // an index whose child is not in the repository is refused
        byte[] orphan = Images.index(List.of(new Blob(Images.OCI_MANIFEST, Digest.sha256(random(9)), 9)));
        refused(alice.putManifest(REPO, "orphan", Images.OCI_INDEX, orphan), 400, "MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void manifestWithMissingBlobIsRefusedAndNothingIsStored() {
        byte[] config = random(50);
        byte[] manifest = Images.manifest(Images.blob(Images.OCI_CONFIG, config), List.of(), null);
        Reply r = refused(
                alice.putManifest(REPO, "missing-blob", Images.OCI_MANIFEST, manifest), 400, "MANIFEST_BLOB_UNKNOWN");
        assertThat(r.json()
                        .path("errors")
                        .path(0)
                        .path("detail")
                        .path("digests")
                        .toString())
                .contains(Digest.sha256(config).toString());
        refused(alice.get("/v2/" + REPO + "/manifests/missing-blob"), 404, "MANIFEST_UNKNOWN");
        refused(alice.get("/v2/" + REPO + "/manifests/" + Digest.sha256(manifest)), 404, "MANIFEST_UNKNOWN");
    }

    @Test
    void missingManifestAndMissingRepository() {
        refused(alice.get("/v2/" + REPO + "/manifests/no-such-tag"), 404, "MANIFEST_UNKNOWN");
        refused(alice.get("/v2/team-a/never-pushed/manifests/1.0"), 404, "MANIFEST_UNKNOWN");
        refused(alice.get("/v2/team-a/never-pushed/tags/list"), 404, "NAME_UNKNOWN");
    }

    @Test
    void manifestErrors() {
        refused(
                alice.putManifest(REPO, "bad", Images.OCI_MANIFEST, "{not json".getBytes(StandardCharsets.UTF_8)),
                400,
                "MANIFEST_INVALID");
        refused(
                alice.putManifest(REPO, "bad", Images.OCI_MANIFEST, "[]".getBytes(StandardCharsets.UTF_8)),
                400,
                "MANIFEST_INVALID");
        refused(
                alice.putManifest(
                        REPO,
                        "bad",
                        "application/vnd.docker.distribution.manifest.v1+prettyjws",
                        "{\"schemaVersion\":1}".getBytes(StandardCharsets.UTF_8)),
                400,
                "MANIFEST_INVALID");
        refused(
                alice.putManifest(
                        REPO,
                        "bad",
                        Images.OCI_INDEX,
                        Images.manifest(Images.blob(Images.OCI_CONFIG, new byte[1]), List.of(), null)),
                400,
                "MANIFEST_INVALID");
        byte[] big = new byte[4 * 1024 * 1024 + 1];
        Arrays.fill(big, (byte) ' ');
        refused(alice.putManifest(REPO, "big", Images.OCI_MANIFEST, big), 413, "SIZE_INVALID");
        refused(
                alice.putManifest(REPO, "a:b", Images.OCI_MANIFEST, "{}".getBytes(StandardCharsets.UTF_8)),
                400,
                "DIGEST_INVALID");
        refused(alice.get("/v2/Team-A/app/manifests/1"), 400, "NAME_INVALID");
        refused(alice.get("/v2/app/manifests/1"), 400, "NAME_INVALID");
    }

    @Test
    void manifestOfFourMebibytesIsAccepted() {
        byte[] config = random(10);
        alice.pushBlob(REPO, config);
        String head = "{\"schemaVersion\":2,\"mediaType\":\"" + Images.OCI_MANIFEST + "\",\"config\":"
                + Images.blob(Images.OCI_CONFIG, config).json() + ",\"layers\":[],\"annotations\":{\"pad\":\"";
        String tail = "\"}}";
        int pad = 4 * 1024 * 1024 - head.length() - tail.length();
        byte[] manifest = (head + "x".repeat(pad) + tail).getBytes(StandardCharsets.UTF_8);
        assertThat(manifest.length).isEqualTo(4 * 1024 * 1024);
        expect(alice.putManifest(REPO, "four-mib", Images.OCI_MANIFEST, manifest), 201);
        assertThat(alice.get("/v2/" + REPO + "/manifests/four-mib").body()).isEqualTo(manifest);
    }

    // ---- content discovery

    @Test
    void tagList() {
        String repo = "team-a/tag-list";
        byte[] manifest = pushImage(alice, repo, "c");
        Digest digest = Digest.sha256(manifest);
        for (String tag : List.of("a", "e", "b", "d")) {
            expect(alice.putManifest(repo, tag, Images.OCI_MANIFEST, manifest), 201);
        }
        JsonNode all = expect(alice.get("/v2/" + repo + "/tags/list"), 200).json();
        assertThat(all.get("name").asText()).isEqualTo(repo);
        assertThat(names(all.get("tags"))).containsExactly("a", "b", "c", "d", "e");
        Reply first = expect(alice.get("/v2/" + repo + "/tags/list?n=2"), 200);
        assertThat(names(first.json().get("tags"))).containsExactly("a", "b");
        assertThat(first.header("Link")).contains("</v2/" + repo + "/tags/list?n=2&last=b>; rel=\"next\"");
        Reply next = expect(alice.get("/v2/" + repo + "/tags/list?n=2&last=b"), 200);
        assertThat(names(next.json().get("tags"))).containsExactly("c", "d");
        Reply end = expect(alice.get("/v2/" + repo + "/tags/list?n=2&last=d"), 200);
        assertThat(names(end.json().get("tags"))).containsExactly("e");
        assertThat(end.header("Link")).isEmpty();
        Reply zero = expect(alice.get("/v2/" + repo + "/tags/list?n=0"), 200);
        assertThat(zero.json().get("tags")).isEmpty();
        assertThat(zero.header("Link")).isEmpty();
        assertThat(names(expect(alice.get("/v2/" + repo + "/tags/list?last=c"), 200)
                        .json()
                        .get("tags")))
                .containsExactly("d", "e");
        refused(alice.get("/v2/" + repo + "/tags/list?n=-1"), 400, "PAGINATION_NUMBER_INVALID");
        refused(alice.get("/v2/" + repo + "/tags/list?n=x"), 400, "PAGINATION_NUMBER_INVALID");
        assertThat(digest).isNotNull();
    }

    @Test
    void emptyTagList() {
        String repo = "team-a/untagged";
        byte[] config = random(20);
        alice.pushBlob(repo, config);
        byte[] manifest = Images.manifest(Images.blob(Images.OCI_CONFIG, config), List.of(), null);
        expect(alice.putManifest(repo, Digest.sha256(manifest).toString(), Images.OCI_MANIFEST, manifest), 201);
        assertThat(expect(alice.get("/v2/" + repo + "/tags/list"), 200).json().get("tags"))
                .isEmpty();
    }

    @Test
    void catalogIsSortedAndPaged() {
        pushImage(alice, "team-a/zz-catalog", "1");
        List<String> seen = new ArrayList<>();
        String path = "/v2/_catalog?n=2";
        for (int pages = 0; path != null && pages < 100; pages++) {
            Reply page = expect(alice.get(path), 200);
            seen.addAll(names(page.json().get("repositories")));
            path = page.header("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
        }
        assertThat(seen).isSorted().doesNotHaveDuplicates().contains("team-a/zz-catalog");
        refused(anon.get("/v2/_catalog"), 401, "UNAUTHORIZED");
    }

    @Test
    void referrers() {
        byte[] subject = pushImage(alice, REPO, "with-referrers");
        Blob subjectDescriptor = new Blob(Images.OCI_MANIFEST, Digest.sha256(subject), subject.length);
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        alice.pushBlob(REPO, empty);
        Blob emptyConfig = Images.blob(Images.EMPTY_CONFIG, empty);
        byte[] sbom = Images.manifest(
                emptyConfig,
                List.of(),
                "\"artifactType\":\"application/vnd.example.sbom\",\"annotations\":{\"org.example\":\"sbom\"},"
                        + Images.subject(subjectDescriptor));
        byte[] signature = Images.manifest(
                emptyConfig,
                List.of(),
                "\"artifactType\":\"application/vnd.example.sig\"," + Images.subject(subjectDescriptor));
        for (byte[] referrer : List.of(sbom, signature)) {
            Reply put = expect(
                    alice.putManifest(REPO, Digest.sha256(referrer).toString(), Images.OCI_MANIFEST, referrer), 201);
            assertThat(put.header("OCI-Subject"))
                    .contains(subjectDescriptor.digest().toString());
        }
        Reply all = expect(alice.get("/v2/" + REPO + "/referrers/" + subjectDescriptor.digest()), 200);
        assertThat(all.header("Content-Type")).contains(Images.OCI_INDEX);
        JsonNode manifests = all.json().get("manifests");
        assertThat(manifests).hasSize(2);
        JsonNode sbomEntry = manifests
                        .get(0)
                        .get("digest")
                        .asText()
                        .equals(Digest.sha256(sbom).toString())
                ? manifests.get(0)
                : manifests.get(1);
        assertThat(sbomEntry.get("artifactType").asText()).isEqualTo("application/vnd.example.sbom");
        assertThat(sbomEntry.get("annotations").get("org.example").asText()).isEqualTo("sbom");
        assertThat(sbomEntry.get("size").asLong()).isEqualTo(sbom.length);
        Reply filtered = expect(
                alice.get("/v2/" + REPO + "/referrers/" + subjectDescriptor.digest()
                        + "?artifactType=application/vnd.example.sig"),
                200);
        assertThat(filtered.header("OCI-Filters-Applied")).contains("artifactType");
        assertThat(filtered.json().get("manifests")).hasSize(1);
        assertThat(filtered.json().get("manifests").get(0).get("digest").asText())
                .isEqualTo(Digest.sha256(signature).toString());
    }

    @Test
    void emptyReferrersAndSubjectMissing() {
        Digest nothing = Digest.sha256(random(8));
        Reply r = expect(alice.get("/v2/" + REPO + "/referrers/" + nothing), 200);
        assertThat(r.json().get("manifests")).isEmpty();
        // a subject that does not exist (yet) is accepted
        byte[] empty = "{}".getBytes(StandardCharsets.UTF_8);
        alice.pushBlob(REPO, empty);
        byte[] artifact = Images.manifest(
                Images.blob(Images.EMPTY_CONFIG, empty),
                List.of(),
                "\"artifactType\":\"application/vnd.example.early\","
                        + Images.subject(new Blob(Images.OCI_MANIFEST, nothing, 8)));
        expect(alice.putManifest(REPO, Digest.sha256(artifact).toString(), Images.OCI_MANIFEST, artifact), 201);
        assertThat(expect(alice.get("/v2/" + REPO + "/referrers/" + nothing), 200)
                        .json()
                        .get("manifests"))
                .hasSize(1);
        refused(alice.get("/v2/" + REPO + "/referrers/sha256:nope"), 400, "DIGEST_INVALID");
    }

    // ---- content management: disabled, tags are immutable

    @Test
    void tagDeleteManifestDeleteAndBlobDeleteAreUnsupported() {
        byte[] manifest = pushImage(alice, REPO, "kept");
        refused(alice.send("DELETE", "/v2/" + REPO + "/manifests/kept", null), 405, "UNSUPPORTED");
        refused(
                alice.send("DELETE", "/v2/" + REPO + "/manifests/" + Digest.sha256(manifest), null),
                405,
                "UNSUPPORTED");
        refused(alice.send("DELETE", "/v2/" + REPO + "/blobs/" + Digest.sha256(manifest), null), 405, "UNSUPPORTED");
        expect(alice.get("/v2/" + REPO + "/manifests/kept"), 200);
    }

    // ---- Pier One's immutable tags

    @Test
    void samePushAgainIsCreatedAnotherManifestIsTagInvalid() {
        byte[] first = pushImage(alice, REPO, "2.0");
        expect(alice.putManifest(REPO, "2.0", Images.OCI_MANIFEST, first), 201);
        byte[] other = pushImage(alice, REPO, "2.0-other");
        Reply conflict = refused(alice.putManifest(REPO, "2.0", Images.OCI_MANIFEST, other), 409, "TAG_INVALID");
        JsonNode error = conflict.json().get("errors").get(0);
        assertThat(error.get("message").asText()).isEqualTo("tag already exists");
        assertThat(error.get("detail").get("Tag").asText()).isEqualTo("2.0");
        assertThat(alice.get("/v2/" + REPO + "/manifests/2.0").body()).isEqualTo(first);
    }

    @Test
    void snapshotTagsMoveAndLatestReadsTheNewestTag() {
        String repo = "team-a/snapshots";
        byte[] one = pushImage(alice, repo, "1.0-SNAPSHOT");
        byte[] two = pushImage(alice, repo, "2.0");
        assertThat(alice.get("/v2/" + repo + "/manifests/latest").body()).isEqualTo(two);
        byte[] three = pushImage(alice, repo, "3.0-candidate");
        expect(alice.putManifest(repo, "1.0-SNAPSHOT", Images.OCI_MANIFEST, three), 201);
        assertThat(alice.get("/v2/" + repo + "/manifests/1.0-SNAPSHOT").body()).isEqualTo(three);
        assertThat(one).isNotEqualTo(three);
        Reply latest = refused(alice.putManifest(repo, "latest", Images.OCI_MANIFEST, two), 409, "TAG_INVALID");
        assertThat(latest.json().get("errors").get(0).get("detail").get("Tag").asText())
                .isEqualTo("latest");
    }

    /** The blob reads back as {@code bytes} from {@code repo}. */
    static void assertStored(String repo, Digest digest, byte[] bytes) {
        assertThat(expect(alice.get("/v2/" + repo + "/blobs/" + digest), 200).body())
                .isEqualTo(bytes);
    }

    static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.asText()));
        return names;
    }
}
