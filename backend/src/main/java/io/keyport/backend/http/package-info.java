/** HTTP plumbing shared by every domain: JSON bodies with limits, the one error mapper, route registry, the OpenAPI document assembled from the modules' fragments, metrics, access log. It knows no domain. */
package io.keyport.backend.http;
