package io.keyport.backend.appstore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Chart archives written by the tests themselves (ustar + pax, gzip from the JDK), good ones and
 * every kind of bad one: whatever path, type, size or content an entry should have.
 */
public final class TestCharts {

    private TestCharts() {}

    /** A valid chart: Chart.yaml, values.yaml, values.schema.json, a template and a README. */
    public static byte[] chart(String name, String version) {
        return chart(name, version, "A chart called " + name, List.of("test", name));
    }

    public static byte[] chart(String name, String version, String description, List<String> keywords) {
        return standard(name, version, description, keywords).gzip();
    }

    /** The entries of {@link #chart}, to add to or change. */
    public static Builder standard(String name, String version, String description, List<String> keywords) {
        return new Builder()
                .dir(name + "/")
                .file(name + "/Chart.yaml", chartYaml(name, version, description, keywords))
                .file(
                        name + "/values.yaml",
                        "# how many pods\nreplicaCount: 1\nimage:\n  repository: nginx\n  tag: \"1.27\"\n")
                .file(
                        name + "/values.schema.json",
                        "{\"$schema\":\"https://json-schema.org/draft-07/schema#\",\"type\":\"object\","
                                + "\"properties\":{\"replicaCount\":{\"type\":\"integer\",\"minimum\":1}}}")
                .file(name + "/templates/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\n")
                .file(name + "/README.md", "# " + name + "\n\nInstalls " + name + ".\n");
    }

    public static String chartYaml(String name, String version, String description, List<String> keywords) {
        StringBuilder b = new StringBuilder();
        b.append("apiVersion: v2\nname: ")
                .append(name)
                .append("\nversion: ")
                .append(version)
                .append('\n');
        b.append("appVersion: \"").append(version).append("\"\n");
        b.append("description: ").append(description).append('\n');
        b.append("type: application\n");
        if (!keywords.isEmpty()) {
            b.append("keywords:\n");
            keywords.forEach(k -> b.append("  - ").append(k).append('\n'));
        }
        b.append("maintainers:\n  - name: Team A\n    email: team-a@example.org\n");
        return b.toString();
    }

    /** Writes tar entries of any shape, then gzip. */
    public static final class Builder {
        private final ByteArrayOutputStream tar = new ByteArrayOutputStream();
        private boolean ended;

        public Builder file(String path, String content) {
            return entry(path, '0', "", content.getBytes(StandardCharsets.UTF_8));
        }

        public Builder file(String path, byte[] content) {
            return entry(path, '0', "", content);
        }

        public Builder dir(String path) {
            return entry(path, '5', "", new byte[0]);
        }

        public Builder symlink(String path, String target) {
            return entry(path, '2', target, new byte[0]);
        }

        public Builder hardlink(String path, String target) {
            return entry(path, '1', target, new byte[0]);
        }

        /** A file of {@code size} zero bytes, written without holding them. */
        public Builder zeros(String path, long size) {
            header(path, '0', "", size);
            byte[] block = new byte[64 * 1024];
            long left = size;
            while (left > 0) {
                int n = (int) Math.min(block.length, left);
                tar.write(block, 0, n);
                left -= n;
            }
            pad(size);
            return this;
        }

        /** An entry of any type flag; paths over 100 bytes get a pax header. */
        public Builder entry(String path, char type, String link, byte[] content) {
            header(path, type, link, content.length);
            tar.writeBytes(content);
            pad(content.length);
            return this;
        }

        /** Raw bytes appended to the tar stream (a corrupt header, garbage). */
        public Builder raw(byte[] bytes) {
            tar.writeBytes(bytes);
            return this;
        }

        /** The tar stream without its end-of-archive blocks. */
        public Builder unterminated() {
            ended = true;
            return this;
        }

        public byte[] tar() {
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            copy.writeBytes(tar.toByteArray());
            if (!ended) {
                copy.writeBytes(new byte[1024]);
            }
            return copy.toByteArray();
        }

        public byte[] gzip() {
            return TestCharts.gzip(tar());
        }

        private void header(String path, char type, String link, long size) {
            byte[] name = path.getBytes(StandardCharsets.UTF_8);
            if (name.length > 100 || link.getBytes(StandardCharsets.UTF_8).length > 100) {
                StringBuilder records = new StringBuilder();
                records.append(paxRecord("path", path));
                if (!link.isEmpty()) {
                    records.append(paxRecord("linkpath", link));
                }
                byte[] pax = records.toString().getBytes(StandardCharsets.UTF_8);
                writeHeader("PaxHeader", 'x', "", pax.length);
                tar.writeBytes(pax);
                pad(pax.length);
                writeHeader(path.substring(0, Math.min(path.length(), 50)), type, "", size);
            } else {
                writeHeader(path, type, link, size);
            }
        }

        private static String paxRecord(String key, String value) {
            String body = " " + key + "=" + value + "\n";
            int length = body.getBytes(StandardCharsets.UTF_8).length;
            int total = length + Integer.toString(length).length();
            if (Integer.toString(total).length() != Integer.toString(length).length()) {
                total++;
            }
            return total + body;
        }

        private void writeHeader(String path, char type, String link, long size) {
            byte[] h = new byte[512];
            put(h, 0, 100, path.getBytes(StandardCharsets.UTF_8));
            put(h, 100, 8, octal(type == '5' ? 0755 : 0644, 7));
            put(h, 108, 8, octal(0, 7));
            put(h, 116, 8, octal(0, 7));
            put(h, 124, 12, octal(size, 11));
            put(h, 136, 12, octal(1_700_000_000L, 11));
            h[156] = (byte) type;
            put(h, 157, 100, link.getBytes(StandardCharsets.UTF_8));
            put(h, 257, 6, "ustar\0".getBytes(StandardCharsets.US_ASCII));
            put(h, 263, 2, "00".getBytes(StandardCharsets.US_ASCII));
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, 8, (String.format("%06o", sum) + "\0 ").getBytes(StandardCharsets.US_ASCII));
            tar.writeBytes(h);
        }

        private void pad(long size) {
            int padding = (int) ((512 - size % 512) % 512);
            tar.writeBytes(new byte[padding]);
        }

        private static byte[] octal(long value, int digits) {
            return (String.format("%0" + digits + "o", value) + "\0").getBytes(StandardCharsets.US_ASCII);
        }

        private static void put(byte[] h, int offset, int length, byte[] value) {
            System.arraycopy(value, 0, h, offset, Math.min(length, value.length));
        }
    }

    /**
     * A valid chart followed by {@code files} files of {@code fileSize} zero bytes each: a small
     * archive that decompresses to {@code files * fileSize} bytes, streamed through gzip so the test
     * never holds the decompressed bytes.
     */
    public static byte[] gzipBomb(String name, int files, long fileSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out, 64 * 1024)) {
            gz.write(standard(name, "1.0.0", "bomb", List.of()).unterminated().tar());
            byte[] zeros = new byte[64 * 1024];
            for (int i = 0; i < files; i++) {
                Builder header = new Builder();
                header.header(name + "/files/zero-" + i, '0', "", fileSize);
                gz.write(header.unterminated().tar());
                for (long left = fileSize; left > 0; left -= zeros.length) {
                    gz.write(zeros, 0, (int) Math.min(zeros.length, left));
                }
                gz.write(new byte[(int) ((512 - fileSize % 512) % 512)]);
            }
            gz.write(new byte[1024]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A multipart/form-data body with the given fields (name, file bytes); returns [body, boundary]. */
    public static Multipart form(List<String> names, List<byte[]> contents) {
        String boundary = "----keyport-test-" + Long.toHexString(System.nanoTime());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            body.writeBytes(
                    ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + names.get(i) + "\"; filename=\""
                                    + names.get(i) + ".tgz\"\r\nContent-Type: application/octet-stream\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            body.writeBytes(contents.get(i));
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            shown.add(names.get(i));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
        return new Multipart(body.toByteArray(), "multipart/form-data; boundary=" + boundary);
    }

    /** A form body and its content type. */
    public record Multipart(byte[] body, String contentType) {}
}
