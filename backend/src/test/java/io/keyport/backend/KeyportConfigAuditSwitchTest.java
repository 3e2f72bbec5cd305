package io.keyport.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** KEYPORT_AUDIT=off, the benchmark-only switch of bench/audit, is refused unless explicitly marked unsafe. */
class KeyportConfigAuditSwitchTest {

    @Test
    void auditIsOnByDefaultAndWithAuditOn() {
        assertThat(KeyportConfig.of(Map.of()).audit().offForBenchmark()).isFalse();
        assertThat(KeyportConfig.of(Map.of("KEYPORT_AUDIT", "on", "KEYPORT_BENCHMARK_UNSAFE", "true"))
                        .audit()
                        .offForBenchmark())
                .isFalse();
    }

    @Test
    void auditOffIsRefusedWithoutTheUnsafeBenchmarkSetting() {
        assertThatThrownBy(() -> KeyportConfig.of(Map.of("KEYPORT_AUDIT", "off")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KEYPORT_BENCHMARK_UNSAFE=true");
        assertThatThrownBy(() -> KeyportConfig.of(Map.of("KEYPORT_AUDIT", "off", "KEYPORT_BENCHMARK_UNSAFE", "yes")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void auditOffWithTheUnsafeBenchmarkSettingSwitchesAuditingOff() {
        assertThat(KeyportConfig.of(Map.of("KEYPORT_AUDIT", "off", "KEYPORT_BENCHMARK_UNSAFE", "true"))
                        .audit()
                        .offForBenchmark())
                .isTrue();
    }

    @Test
    void anyOtherValueIsRefused() {
        assertThatThrownBy(() -> KeyportConfig.of(Map.of("KEYPORT_AUDIT", "false", "KEYPORT_BENCHMARK_UNSAFE", "true")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KEYPORT_AUDIT must be on or off");
    }
}
