/**
 * Versions and approvals: the approvals inbox, each version's approval state at a glance (with the
 * four-eyes hint), approving with type and notes, the approval history, and creating versions.
 */
package io.keyport.desktop.approvals;
