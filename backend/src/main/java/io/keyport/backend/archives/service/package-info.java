/**
 * Rules of the archives domain: who may write, workspaces, the streaming zip inspection with its
 * bounds, and the one transaction in which an upload or a delete changes rows, blob and audit log.
 */
package io.keyport.backend.archives.service;
