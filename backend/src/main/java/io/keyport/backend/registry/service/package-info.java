/**
 * The image registry's logic: upload sessions hashed while they stream ({@link
 * io.keyport.backend.registry.service.BlobService}), manifests with the immutable-tag rule and the
 * referrers index ({@link io.keyport.backend.registry.service.ManifestService}), who may pull and
 * push ({@link io.keyport.backend.registry.service.RegistryAccess}), the Docker token flow
 * ({@link io.keyport.backend.registry.service.RegistryTokens}), and the OCI error family. Nothing
 * here imports Helidon's web server.
 */
package io.keyport.backend.registry.service;
