package io.keyport.backend.db;

import java.util.Optional;

/**
 * Which SQL database the server uses ({@code KEYPORT_DB_*}), parsed by
 * {@link io.keyport.backend.KeyportConfig}: an external one, or the embedded H2 file database under
 * the data folder.
 *
 * @param url      the JDBC URL, the embedded H2 default included
 * @param user     the database user, if any
 * @param password the user's password, if any; never printed
 * @param embedded whether {@code url} is the embedded H2 default (no {@code KEYPORT_DB_URL} was set)
 */
public record DatabaseConfig(String url, Optional<String> user, Optional<String> password, boolean embedded) {

    @Override
    public String toString() { // never print the password
        return "DatabaseConfig[url=" + url + ", user=" + user.orElse("") + ", embedded=" + embedded + "]";
    }
}
