/**
 * The App Store domain (Uninett App Store, Helm chart repository): wired by {@link
 * io.keyport.backend.appstore.AppStoreModule}; settings in {@link io.keyport.backend.appstore.AppStoreConfig}.
 */
package io.keyport.backend.appstore;
