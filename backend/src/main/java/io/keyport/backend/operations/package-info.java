/** Operational endpoints: health, OpenAPI document, Prometheus metrics. No authentication. */
package io.keyport.backend.operations;
