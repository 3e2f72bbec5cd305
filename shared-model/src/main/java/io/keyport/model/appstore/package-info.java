/**
 * The App Store's API records (Uninett App Store design, camelCase as its documents have them):
 * packages of the chart catalogue, their versions and details, deployment targets.
 */
package io.keyport.model.appstore;
