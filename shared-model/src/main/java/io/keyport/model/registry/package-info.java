/**
 * Value types of the image registry (OCI Distribution 1.1): repository names whose first component
 * is the owning team, tags, digests, and references (a tag or a digest). Each parses once and
 * refuses anything the spec's grammar does not allow, so nothing malformed reaches a store or a
 * storage key.
 */
package io.keyport.model.registry;
