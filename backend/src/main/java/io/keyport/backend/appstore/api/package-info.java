/**
 * HTTP of the App Store: the Helm chart repository with ChartMuseum's upload API
 * ({@link io.keyport.backend.appstore.api.ChartRepositoryHttpService}) and the catalogue of the
 * Uninett App Store design ({@link io.keyport.backend.appstore.api.PackagesHttpService}).
 */
package io.keyport.backend.appstore.api;
