/**
 * The Archives feature: kploy application archives by workspace, upload with progress and cancel,
 * download, delete, and each archive's Kployfile metadata (server API: docs/archives.md).
 */
package io.keyport.desktop.archives;
