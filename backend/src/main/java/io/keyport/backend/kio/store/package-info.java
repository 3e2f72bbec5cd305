/** JDBC persistence of applications, versions and approvals. Called only by Kio services. */
package io.keyport.backend.kio.store;
