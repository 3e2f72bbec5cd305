/**
 * The Images feature: the image registry by team and repository, each tag with its kind (immutable
 * or snapshot), digest, size, creation, pusher and SCM source; a tag's manifest, config and layers
 * (an index's platforms), its referrers (signatures, SBOMs), the pull command, storage use per
 * team as a chart, and the admins' audited takedown. Server APIs: the Pier One API and {@code /v2/}
 * (docs/registry.md).
 */
package io.keyport.desktop.images;
