package io.keyport.backend.kio.service;

import io.keyport.model.kio.Approval;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides whether a version's approvals satisfy its application's policy. Pure: no I/O, so the
 * rule is tested exhaustively on its own.
 *
 * <p>With four-eyes, approvals by the version's authors (its creator and last modifier, and the
 * people accountable for a service that wrote it) do not count (they are
 * refused when submitted, but the policy may be switched on later). The version is approved when
 * every required type has at least one counting approval and the counting approvals come from at
 * least the required number of distinct people.
 */
public final class ApprovalEvaluator {

    /** The effective policy of an application. */
    public record Policy(List<String> types, int requiredApprovers, boolean fourEyes) {

        /** The same policy with the number of approvers a particular version was written with. */
        public Policy withRequiredApprovers(int required) {
            return new Policy(types, required, fourEyes);
        }
    }

    /** The outcome: approved, or which types and how many more people are missing. */
    public record Outcome(boolean approved, List<String> missingTypes, int missingApprovers) {}

    private ApprovalEvaluator() {}

    public static Outcome evaluate(Policy policy, String createdBy, String lastModifiedBy, List<Approval> approvals) {
        return evaluate(policy, new HashSet<>(List.of(createdBy, lastModifiedBy)), approvals);
    }

    /**
     * Evaluates with everyone who counts as an author of the version: its creator and last
     * modifier, and the people accountable for a service that wrote it.
     */
    public static Outcome evaluate(Policy policy, Set<String> authors, List<Approval> approvals) {
        Set<String> types = new HashSet<>();
        Set<String> people = new HashSet<>();
        for (Approval a : approvals) {
            if (policy.fourEyes() && authors.contains(a.userId())) {
                continue;
            }
            types.add(a.approvalType());
            people.add(a.userId());
        }
        List<String> missingTypes = new ArrayList<>();
        for (String type : policy.types()) {
            if (!types.contains(type)) {
                missingTypes.add(type);
            }
        }
        int missingApprovers = Math.max(0, policy.requiredApprovers() - people.size());
        return new Outcome(
                missingTypes.isEmpty() && missingApprovers == 0, List.copyOf(missingTypes), missingApprovers);
    }
}
