package io.keyport.backend.archives;

import java.util.Map;

/** The archive API on the default filesystem storage. */
class ArchivesFilesystemIT extends ArchivesContract {

    @Override
    Map<String, String> storageSettings() {
        return Map.of();
    }

    @Override
    String storageKind() {
        return "filesystem";
    }
}
