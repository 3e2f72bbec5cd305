package io.keyport.desktop.admin;

import com.fasterxml.jackson.core.type.TypeReference;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.Transport;
import io.keyport.model.kio.Application;
import io.keyport.model.kio.ApprovalPolicy;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of the applications API that administration needs: the list of applications to pick
 * from and each one's approval policy ({@code /apps}, {@code /apps/{id}/approval-policy};
 * docs/applications.md). It is not the Applications feature's client and does not edit
 * applications. Every call blocks and throws {@link BackendException} with the server's message.
 */
public final class PolicyClient {

    private static final TypeReference<List<Application>> APPLICATIONS = new TypeReference<>() {};
    private static final TypeReference<ApprovalPolicy> POLICY = new TypeReference<>() {};

    private final Transport transport;

    public PolicyClient(Transport transport) {
        this.transport = Objects.requireNonNull(transport);
    }

    /** Every application, active or not. */
    public List<Application> applications() {
        return transport.get("/apps", Map.of(), APPLICATIONS);
    }

    /** The application's policy, with {@code effective_required_approvers} resolved. */
    public ApprovalPolicy policy(String applicationId) {
        return transport.get("/apps/" + applicationId + "/approval-policy", Map.of(), POLICY);
    }

    /**
     * Stores the policy (admins only); a null field keeps its current value. Answers the stored
     * policy.
     */
    public ApprovalPolicy putPolicy(String applicationId, ApprovalPolicy policy) {
        return transport.put("/apps/" + applicationId + "/approval-policy", policy, POLICY);
    }
}
