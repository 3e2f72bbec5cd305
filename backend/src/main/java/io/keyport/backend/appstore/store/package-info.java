/**
 * Persistence of the App Store: chart ownership and versions, the catalogue generation, deployment
 * targets ({@link io.keyport.backend.appstore.store.ChartStore},
 * {@link io.keyport.backend.appstore.store.TargetStore}), and the blob keys of chart archives
 * ({@link io.keyport.backend.appstore.store.ChartLayout}).
 */
package io.keyport.backend.appstore.store;
