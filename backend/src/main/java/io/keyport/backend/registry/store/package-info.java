/**
 * JDBC persistence of the image registry (migration V8): repositories, the blob index with its
 * per-repository links, manifests byte for byte with their references, tags, and upload sessions;
 * and {@link io.keyport.backend.registry.store.RegistryLayout}, the one place blob storage keys are
 * built. Called only by the registry's services.
 */
package io.keyport.backend.registry.store;
