/** The Kio API over HTTP: applications, versions, approvals, approval policies. */
package io.keyport.backend.kio.api;
