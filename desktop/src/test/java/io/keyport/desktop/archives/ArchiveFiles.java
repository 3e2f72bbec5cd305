package io.keyport.desktop.archives;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** kploy app archives written to files for the console's tests. */
final class ArchiveFiles {

    private ArchiveFiles() {}

    /**
     * A zip with a Kployfile naming {@code name} and a ReplicationController, plus {@code padding}
     * bytes of an extra stored entry (for uploads that take a while).
     */
    static Path app(Path folder, String name, int padding) {
        Path file = folder.resolve(name + ".kploy");
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("Kployfile"));
            zip.write(("apiserver: http://127.0.0.1/service/kubernetes\nauthor: Ada Lovelace\nname: " + name
                            + "\nnamespace: shop\nsource: https://github.com/acme/" + name + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("rcs/" + name + "-rc.yaml"));
            zip.write(("kind: ReplicationController\nmetadata:\n  name: " + name + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("services/" + name + "-svc.yaml"));
            zip.write(("kind: Service\nmetadata:\n  name: " + name + "\n").getBytes(StandardCharsets.UTF_8));
            if (padding > 0) {
                ZipEntry big = new ZipEntry("rcs/padding.bin");
                big.setMethod(ZipEntry.STORED);
                byte[] bytes = new byte[padding];
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(bytes);
                big.setSize(padding);
                big.setCompressedSize(padding);
                big.setCrc(crc.getValue());
                zip.putNextEntry(big);
                zip.write(bytes);
            }
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
