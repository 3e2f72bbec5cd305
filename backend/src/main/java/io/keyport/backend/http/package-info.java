/** HTTP plumbing shared by every domain: JSON bodies with limits, the one error mapper, route registry, metrics, access log. It knows no domain. */
package io.keyport.backend.http;
