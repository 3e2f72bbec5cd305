/**
 * Rules of the App Store: chart archives checked as they stream in ({@link
 * io.keyport.backend.appstore.service.ChartArchive}), SemVer 2 ordering ({@link
 * io.keyport.backend.appstore.service.SemVer}), uploads and deletions, the in-memory catalogue that
 * serves the Helm index and the packages, and deployment targets. Errors are the App Store family
 * ({@link io.keyport.backend.appstore.service.AppStoreError}).
 */
package io.keyport.backend.appstore.service;
