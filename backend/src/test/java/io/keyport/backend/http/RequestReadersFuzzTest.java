package io.keyport.backend.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.keyport.model.identity.ServiceScopesRequest;
import io.keyport.model.identity.TeamRequest;
import io.keyport.model.identity.UserRequest;
import io.keyport.model.kio.ApprovalPolicyRequest;
import io.keyport.model.kio.StoreApplication;
import io.keyport.model.kio.StoreApproval;
import io.keyport.model.kio.StoreVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JSON request readers of every endpoint that takes a body: any bytes either bind to the
 * endpoint's request record or are refused with a 400 {@link ApiException}, never another
 * exception (which the server would answer with a 500).
 */
class RequestReadersFuzzTest {

    /** Every request record a JSON endpoint reads (PUT /apps/{id}, .../approval-policy, .../versions/{v}, ...). */
    static final List<Class<?>> BODIES = List.of(
            StoreApplication.class,
            ApprovalPolicyRequest.class,
            StoreVersion.class,
            StoreApproval.class,
            TeamRequest.class,
            UserRequest.class,
            ServiceScopesRequest.class);

    @FuzzTest(maxDuration = "10s")
    void anyBodyBindsOrIsA400(FuzzedDataProvider data) {
        Class<?> type = data.pickValue(BODIES);
        byte[] body = data.consumeBoolean()
                ? data.consumeRemainingAsBytes()
                : data.consumeRemainingAsString().getBytes(StandardCharsets.UTF_8);
        try {
            Object value = Http.parseJson(body, type);
            assertThat(value).isInstanceOf(type);
        } catch (ApiException e) {
            assertThat(e.status().code()).as("%s", e.getMessage()).isEqualTo(400);
        }
    }
}
