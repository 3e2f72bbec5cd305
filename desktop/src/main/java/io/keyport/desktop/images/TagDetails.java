package io.keyport.desktop.images;

import java.util.List;

/**
 * Everything the details pane shows of one tag: its manifest (an index's platforms, or an image's
 * config and layers), the config, the referrers of its digest, and its SCM source (null when
 * unknown).
 */
public record TagDetails(
        String repository,
        TagSummary tag,
        ManifestDetails manifest,
        ImageConfig config,
        List<Referrer> referrers,
        ScmSource scmSource) {

    public TagDetails {
        referrers = List.copyOf(referrers);
    }

    /** The manifest's bytes and what it references directly (see {@link ManifestDetails#contentSize()}). */
    public long size() {
        return manifest.contentSize();
    }
}
