package io.keyport.model.appstore;

/**
 * The approval gate of a package ({@code PUT /packages/{id}/gate}): only chart versions whose
 * {@code appVersion} is an approved version of this Kio application may be installed.
 *
 * @param application the Kio application id
 */
public record PackageGate(String application) {}
