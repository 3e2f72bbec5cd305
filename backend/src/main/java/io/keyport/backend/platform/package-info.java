/**
 * The platform every domain module is built on: configuration, database, blob storage, audit,
 * events, clock, metrics, route registry and task queue ({@link io.keyport.backend.platform.Platform}),
 * the {@link io.keyport.backend.platform.DomainModule} contract and the one lifecycle of background
 * {@link io.keyport.backend.platform.Job}s. Depends on no domain except the audit service it holds.
 */
package io.keyport.backend.platform;
