/**
 * The App Store feature of the console: the chart catalogue with search, and a chart's readme,
 * values, values schema and versions ({@link io.keyport.desktop.appstore.AppStoreFeature}).
 */
package io.keyport.desktop.appstore;
