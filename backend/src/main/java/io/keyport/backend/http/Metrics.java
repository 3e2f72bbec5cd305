package io.keyport.backend.http;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * Request metrics in Prometheus text format 0.0.4: a counter per route and status and a latency
 * histogram per route, plus gauges registered by other components (database pool, JVM). Lock-free
 * on the request path: one map lookup and a few adders per request.
 */
public final class Metrics {

    private static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final Map<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    public Metrics() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        gauge("jvm_memory_heap_used_bytes", () -> memory.getHeapMemoryUsage().getUsed());
        gauge("jvm_threads_live", () -> ManagementFactory.getThreadMXBean().getThreadCount());
        gauge(
                "process_uptime_seconds",
                () -> ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
    }

    /** Registers a gauge; {@code name} must be a valid Prometheus metric name. */
    public void gauge(String name, DoubleSupplier value) {
        gauges.put(name, value);
    }

    /** Records one finished request. {@code route} is the route pattern, never the raw path. */
    public void record(String route, int status, long nanos) {
        String key = "route=\"" + escape(route) + "\",status=\"" + status + "\"";
        requests.computeIfAbsent(key, k -> new LongAdder()).increment();
        latencies.computeIfAbsent(route, r -> new Histogram()).observe(nanos / 1e9);
    }

    /** Renders every metric in the Prometheus text exposition format. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP keyport_http_requests_total HTTP requests by route and status.\n");
        out.append("# TYPE keyport_http_requests_total counter\n");
        new TreeMap<>(requests)
                .forEach((labels, count) -> out.append("keyport_http_requests_total{")
                        .append(labels)
                        .append("} ")
                        .append(count.sum())
                        .append('\n'));
        out.append("# HELP keyport_http_request_duration_seconds HTTP request latency by route.\n");
        out.append("# TYPE keyport_http_request_duration_seconds histogram\n");
        new TreeMap<>(latencies)
                .forEach((route, h) ->
                        h.render("keyport_http_request_duration_seconds", "route=\"" + escape(route) + "\"", out));
        new TreeMap<>(gauges).forEach((name, value) -> {
            out.append("# TYPE ").append(name).append(" gauge\n");
            out.append(name).append(' ').append(value.getAsDouble()).append('\n');
        });
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static final class Histogram {
        private final LongAdder[] counts = new LongAdder[BUCKETS.length];
        private final LongAdder count = new LongAdder();
        private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(seconds);
        }

        void render(String name, String labels, StringBuilder out) {
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += counts[i].sum();
                out.append(name)
                        .append("_bucket{")
                        .append(labels)
                        .append(",le=\"")
                        .append(BUCKETS[i])
                        .append("\"} ")
                        .append(cumulative)
                        .append('\n');
            }
            out.append(name)
                    .append("_bucket{")
                    .append(labels)
                    .append(",le=\"+Inf\"} ")
                    .append(count.sum())
                    .append('\n');
            out.append(name)
                    .append("_sum{")
                    .append(labels)
                    .append("} ")
                    .append(sum.sum())
                    .append('\n');
            out.append(name)
                    .append("_count{")
                    .append(labels)
                    .append("} ")
                    .append(count.sum())
                    .append('\n');
        }
    }
}
