package io.keyport.backend.archives;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** App archives for the tests: kploy's sample, well-formed ones, and broken and hostile ones. */
public final class KployArchives {

    /** The id of kploy's sample, from the registry's README. */
    public static final String SAMPLE_ID = "328ebadef2f23d30bf9f806d4eb67c56e2869f471ca34f18780c7ce31576021d";

    public static final int SAMPLE_SIZE = 4952;

    private KployArchives() {}

    /** kploy.net's {@code test/app.kploy}, byte for byte (see the NOTICE beside it). */
    public static byte[] sample() {
        try (InputStream in = KployArchives.class.getResourceAsStream("/archives/app.kploy")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String kployfile(String name) {
        return "apiserver: http://127.0.0.1/service/kubernetes\nauthor: Test Author\ncache_remotes: True\nname: " + name
                + "\nnamespace: test\nsource: https://github.com/keyport/" + name + "\n";
    }

    /** A valid app archive named {@code name}, with one RC and one service. */
    public static byte[] app(String name) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("Kployfile", kployfile(name).getBytes(StandardCharsets.UTF_8));
        entries.put("rcs/web-rc.yaml", ("kind: ReplicationController\nmetadata:\n  name: " + name + "\n").getBytes());
        entries.put("services/web-svc.yaml", ("kind: Service\nmetadata:\n  name: " + name + "\n").getBytes());
        return zip(entries, ZipEntry.DEFLATED);
    }

    /** A zip of {@code entries} in order, every entry with {@code method}. */
    public static byte[] zip(Map<String, byte[]> entries, int method) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setTime(1_451_606_400_000L);
                entry.setMethod(method);
                if (method == ZipEntry.STORED) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setSize(e.getValue().length);
                    entry.setCompressedSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * A valid app archive every byte of which is below 0x80, so that it survives being sent as a
     * UTF-8 text body (the authorisation matrix sends text): one stored Kployfile padded to 300
     * bytes, whose comment line is varied until its CRC happens to be 7-bit. {@code name} must
     * leave room in the 300 bytes.
     */
    public static String asciiApp(String name) {
        for (int nonce = 0; nonce < 1_000_000; nonce++) {
            // 300 bytes: every byte of the sizes (0x012c) is 7-bit; the nonce varies the CRC
            String text = kployfile(name) + "# " + nonce + "\n";
            byte[] kployfile =
                    (text + " ".repeat(Math.max(0, 300 - text.length()))).getBytes(StandardCharsets.US_ASCII);
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("Kployfile", kployfile);
            byte[] zip = zip(entries, ZipEntry.STORED);
            boolean ascii = true;
            for (byte b : zip) {
                ascii &= b >= 0;
            }
            if (ascii) {
                return new String(zip, StandardCharsets.US_ASCII);
            }
        }
        throw new IllegalStateException("no 7-bit archive found");
    }

    /**
     * A zip bomb: one entry of {@code inflated} zero bytes, deflated (about 1,000 times smaller),
     * besides a valid Kployfile.
     */
    public static byte[] bomb(long inflated) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("Kployfile"));
            zip.write(kployfile("bomb").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("rcs/zeros.yaml"));
            byte[] zeros = new byte[1 << 20];
            for (long left = inflated; left > 0; left -= zeros.length) {
                zip.write(zeros, 0, (int) Math.min(zeros.length, left));
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
