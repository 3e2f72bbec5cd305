package io.keyport.model.identity;

import java.time.Instant;
import java.util.List;

/** A person of the {@code employees} realm. The password hash never leaves the server. */
public record User(String uid, boolean admin, List<String> teams, Instant created, Instant lastModified) {
}
