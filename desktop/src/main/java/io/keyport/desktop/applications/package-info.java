/**
 * Applications: the server-filtered, virtualised list, details, create and edit with inline
 * validation, service credentials and scopes, and the versions of the selected application.
 */
package io.keyport.desktop.applications;
