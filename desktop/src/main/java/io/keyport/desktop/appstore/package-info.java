/**
 * The App Store feature of the console: the chart catalogue with search, and a chart's readme,
 * values, values schema and versions; the releases (status, resources, history, upgrade after a
 * dry run, rollback, uninstall) and the install form generated from a chart's values schema
 * ({@link io.keyport.desktop.appstore.AppStoreFeature}).
 */
package io.keyport.desktop.appstore;
