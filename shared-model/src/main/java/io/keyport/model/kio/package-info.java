/** API records of the applications domain (Kio): applications, versions, approvals, policies. */
package io.keyport.model.kio;
