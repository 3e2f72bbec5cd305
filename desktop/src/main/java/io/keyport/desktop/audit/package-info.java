/**
 * The audit log feature: its client ({@code /api/audit}, verify, export), the view model that
 * filters, pages, verifies and exports in the background, and the code-built view with its entry
 * inspector.
 */
package io.keyport.desktop.audit;
