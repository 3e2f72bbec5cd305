/** The dashboard: what waits for me, my recent activity, and charts of versions and approvals. */
package io.keyport.desktop.dashboard;
