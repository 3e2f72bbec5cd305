package io.keyport.model.registry;

import java.time.Instant;

/**
 * Where an image was built from (Pier One B.6 {@code .../tags/{tag}/scm-source}): from the
 * {@code X-SCM-Source} header of the tag's push or from a {@code scm-source.json} inside one of its
 * layers, whichever is newer. Any field but {@code created} may be null.
 */
public record ScmSource(String url, String revision, String author, String status, Instant created) {}
