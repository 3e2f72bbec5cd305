/** API records of the audit log. */
package io.keyport.model.audit;
