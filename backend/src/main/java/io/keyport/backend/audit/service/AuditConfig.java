package io.keyport.backend.audit.service;

/**
 * The audit log's settings ({@code KEYPORT_AUDIT}, {@code KEYPORT_BENCHMARK_UNSAFE}), parsed by
 * {@link io.keyport.backend.KeyportConfig}.
 *
 * @param offForBenchmark writes append no audit entry. Only for measuring what the audit log costs
 *                        ({@code bench/audit}); never for a real deployment, whose every write must be
 *                        audited. The parser sets it only when {@code KEYPORT_BENCHMARK_UNSAFE=true} says so too.
 */
public record AuditConfig(boolean offForBenchmark) {

    /** Every write audited: the only setting for a real deployment. */
    public static AuditConfig on() {
        return new AuditConfig(false);
    }
}
