/** The audit domain: its module ({@link io.keyport.backend.audit.AuditModule}). */
package io.keyport.backend.audit;
