/**
 * The registry's HTTP layer under {@code /v2/}: the OCI Distribution 1.1 routes, the Docker token
 * endpoint, and how a request's credentials become a {@link
 * io.keyport.backend.registry.service.RegistryCaller}. Handlers parse, call a service, render.
 */
package io.keyport.backend.registry.api;
