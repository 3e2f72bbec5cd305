/**
 * Content storage: the narrow {@link io.keyport.backend.storage.BlobStorage} SPI, its filesystem, S3
 * and in-memory (tests) implementations, and the factory that picks one from the configuration.
 * Blobs are opaque bytes under '/'-separated keys; what the keys mean (digests, repositories, charts)
 * is decided by each domain's layout class above this package, never here. See
 * docs/decisions/0002-blob-storage-spi.md and, for resumable staged writes, 0007.
 */
package io.keyport.backend.storage;
