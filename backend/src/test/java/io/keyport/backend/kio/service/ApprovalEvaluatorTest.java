package io.keyport.backend.kio.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.keyport.model.kio.Approval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The approval rule as a table. Lists inside a cell are separated by {@code |}; an approval is
 * {@code user:TYPE}. The version is always created by {@code alice} unless the row says otherwise.
 */
class ApprovalEvaluatorTest {

    private static final String DEFAULT = "SPECIFICATION|CODE_CHANGE|TEST|DEPLOY";

    @ParameterizedTest(name = "[{index}] {9}")
    @CsvSource(delimiter = ';', nullValues = "-", textBlock = """
            # types; required; four_eyes; created_by; modified_by; approvals; approved; missing types; missing people; case
            SPECIFICATION|CODE_CHANGE|TEST|DEPLOY; 2; true; alice; alice; -; false; SPECIFICATION|CODE_CHANGE|TEST|DEPLOY; 2; nothing approved yet
            SPECIFICATION|CODE_CHANGE|TEST|DEPLOY; 2; true; alice; alice; bob:SPECIFICATION|bob:CODE_CHANGE|bob:TEST|bob:DEPLOY|carol:TEST; true; -; 0; every type and two people
            SPECIFICATION|CODE_CHANGE|TEST|DEPLOY; 2; true; alice; alice; bob:SPECIFICATION|bob:CODE_CHANGE|bob:TEST|bob:DEPLOY; false; -; 1; every type but one person
            SPECIFICATION|CODE_CHANGE|TEST|DEPLOY; 1; true; alice; alice; bob:SPECIFICATION|bob:CODE_CHANGE|bob:TEST|bob:DEPLOY; true; -; 0; criticality 1 needs one person
            SPECIFICATION|CODE_CHANGE|TEST|DEPLOY; 2; true; alice; alice; bob:TEST|carol:DEPLOY; false; SPECIFICATION|CODE_CHANGE; 0; two people but types missing, in policy order
            SPECIFICATION|CODE_CHANGE|TEST|DEPLOY; 2; true; alice; alice; bob:DEPLOY|carol:SPECIFICATION; false; CODE_CHANGE|TEST; 0; missing types keep the policy order
            SPECIFICATION|CODE_CHANGE|TEST|DEPLOY; 2; true; alice; alice; alice:SPECIFICATION|alice:CODE_CHANGE|alice:TEST|alice:DEPLOY|bob:TEST; false; SPECIFICATION|CODE_CHANGE|DEPLOY; 1; four eyes: the creator's approvals do not count
            SPECIFICATION|CODE_CHANGE|TEST|DEPLOY; 2; false; alice; alice; alice:SPECIFICATION|alice:CODE_CHANGE|alice:TEST|alice:DEPLOY|bob:TEST; true; -; 0; without four eyes the creator counts
            TEST; 2; true; alice; dave; dave:TEST|bob:TEST; false; -; 1; four eyes: the last modifier does not count
            TEST; 2; true; alice; dave; alice:TEST|dave:TEST; false; TEST; 2; four eyes: creator and modifier together count for nothing
            TEST; 2; false; alice; dave; alice:TEST|dave:TEST; true; -; 0; without four eyes creator and modifier count
            TEST; 1; true; alice; alice; bob:test; false; TEST; 0; types are case-sensitive
            TEST; 1; true; alice; alice; bob:REVIEWED; false; TEST; 0; an unrequired type does not satisfy a required one
            TEST; 3; true; alice; alice; bob:TEST|bob:DEPLOY|bob:REVIEWED; false; -; 2; one person counts once however many types
            -; 1; true; alice; alice; bob:ANYTHING; true; -; 0; no required types: one approval of any type
            -; 2; true; alice; alice; bob:A|bob:B; false; -; 1; no required types: people still count
            -; 1; true; alice; alice; -; false; -; 1; no required types and no approvals
            TEST|DEPLOY; 2; true; alice; alice; bob:TEST|carol:DEPLOY|dave:TEST; true; -; 0; more approvals than needed
            """)
    void evaluatesThePolicy(
            String types,
            int required,
            boolean fourEyes,
            String createdBy,
            String modifiedBy,
            String approvals,
            boolean approved,
            String missingTypes,
            int missingApprovers,
            String name) {
        var policy = new ApprovalEvaluator.Policy(list(types), required, fourEyes);

        var outcome = ApprovalEvaluator.evaluate(policy, createdBy, modifiedBy, approvals(approvals));

        assertThat(outcome.approved()).as(name).isEqualTo(approved);
        assertThat(outcome.missingTypes()).as(name).containsExactlyElementsOf(list(missingTypes));
        assertThat(outcome.missingApprovers()).as(name).isEqualTo(missingApprovers);
    }

    @Test
    void everyAuthorIsExcludedUnderFourEyes() {
        // a version written by service "bot" whose credential alice created
        var policy = new ApprovalEvaluator.Policy(List.of("TEST"), 1, true);
        List<Approval> byAlice = approvals("alice:TEST");

        assertThat(ApprovalEvaluator.evaluate(policy, java.util.Set.of("bot", "alice"), byAlice)
                        .approved())
                .isFalse();
        assertThat(ApprovalEvaluator.evaluate(policy, java.util.Set.of("bot"), byAlice)
                        .approved())
                .isTrue();
    }

    @Test
    void theOrderOfApprovalsDoesNotMatter() {
        var policy = new ApprovalEvaluator.Policy(list(DEFAULT), 2, true);
        List<Approval> given = approvals("bob:SPECIFICATION|carol:CODE_CHANGE|bob:TEST|carol:DEPLOY");
        List<Approval> reversed = new ArrayList<>(given);
        java.util.Collections.reverse(reversed);

        assertThat(ApprovalEvaluator.evaluate(policy, "alice", "alice", reversed))
                .isEqualTo(ApprovalEvaluator.evaluate(policy, "alice", "alice", given));
        assertThat(ApprovalEvaluator.evaluate(policy, "alice", "alice", given).approved())
                .isTrue();
    }

    @Test
    void theOutcomeCannotBeChangedAfterwards() {
        var outcome = ApprovalEvaluator.evaluate(
                new ApprovalEvaluator.Policy(list(DEFAULT), 2, true), "alice", "alice", List.of());

        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> outcome.missingTypes().add("X"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static List<String> list(String cell) {
        return cell == null ? List.of() : Arrays.asList(cell.split("\\|"));
    }

    private static List<Approval> approvals(String cell) {
        List<Approval> out = new ArrayList<>();
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        for (String item : list(cell)) {
            String[] parts = item.split(":");
            out.add(new Approval("app", "1.0", parts[1], parts[0], t, null));
            t = t.plusSeconds(1);
        }
        return out;
    }
}
