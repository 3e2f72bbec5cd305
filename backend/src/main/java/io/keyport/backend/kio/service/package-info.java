/** Kio rules: the partial-update upsert and write permissions, search ranking, versions and approvals with the per-application policy and the VersionApproved event. */
package io.keyport.backend.kio.service;
