package io.keyport.desktop.admin;

import io.keyport.desktop.concurrent.Background;
import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.identity.IdentityClient;
import io.keyport.desktop.shell.DialogService;
import io.keyport.model.kio.Application;
import io.keyport.model.kio.ApprovalPolicy;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;

/**
 * The Policies tab: pick an application, then edit its approval policy (required types, distinct
 * approvers, four-eyes) and the scopes granted to its service identity. Each of the two is saved on
 * its own, as the server stores and audits them separately.
 */
public final class PoliciesViewModel {

    /** The server's rule for approval types. */
    private static final Pattern APPROVAL_TYPE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private static final Pattern SCOPE = Pattern.compile("[A-Za-z0-9_.:-]+");
    private static final Pattern SEPARATORS = Pattern.compile("[\\s,]+");

    private final PolicyClient policies;
    private final IdentityClient identity;
    private final Background background;

    // --- application list, filtered by what the admin types
    private final ObservableList<Application> applications = FXCollections.observableArrayList();
    private final FilteredList<Application> shown = new FilteredList<>(applications);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<Application> selected = new SimpleObjectProperty<>(this, "selected");

    // --- the selected application's policy and scopes
    private final StringProperty approvalTypes = new SimpleStringProperty(this, "approvalTypes", "");
    private final StringProperty requiredApprovers = new SimpleStringProperty(this, "requiredApprovers", "");
    private final BooleanProperty fourEyes = new SimpleBooleanProperty(this, "fourEyes", true);
    private final StringProperty scopes = new SimpleStringProperty(this, "scopes", "");
    private final ReadOnlyStringWrapper effective = new ReadOnlyStringWrapper(this, "effective", "");

    private final StringBinding approvalTypesProblem = Bindings.createStringBinding(
            () -> firstInvalid(approvalTypes.get(), APPROVAL_TYPE) == null
                    ? null
                    : "Not an approval type: " + firstInvalid(approvalTypes.get(), APPROVAL_TYPE)
                            + " (letters, digits, '_', '.', '-')",
            approvalTypes);
    private final StringBinding requiredApproversProblem =
            Bindings.createStringBinding(() -> approversProblem(requiredApprovers.get()), requiredApprovers);
    private final StringBinding scopesProblem = Bindings.createStringBinding(
            () -> firstInvalid(scopes.get(), SCOPE) == null
                    ? null
                    : "Not a scope: " + firstInvalid(scopes.get(), SCOPE),
            scopes);
    private final BooleanBinding canSavePolicy;
    private final BooleanBinding canSaveScopes;

    public PoliciesViewModel(
            PolicyClient policies, IdentityClient identity, TaskExecutor executor, DialogService dialogs) {
        this.policies = Objects.requireNonNull(policies);
        this.identity = Objects.requireNonNull(identity);
        this.background = new Background(executor, dialogs);
        BooleanBinding ready =
                selected.isNotNull().and(background.busyProperty().not());
        this.canSavePolicy = ready.and(approvalTypesProblem.isNull()).and(requiredApproversProblem.isNull());
        this.canSaveScopes = ready.and(scopesProblem.isNull());
        search.addListener((obs, old, text) -> shown.setPredicate(app -> matches(app, text)));
        selected.addListener((obs, old, app) -> load(app));
    }

    /** The applications matching {@link #searchProperty()}, by id. */
    public ObservableList<Application> applications() {
        return shown;
    }

    public StringProperty searchProperty() {
        return search;
    }

    /** The application whose policy the form shows; setting it loads policy and scopes. */
    public ObjectProperty<Application> selectedProperty() {
        return selected;
    }

    /** Required approval types, separated by commas or spaces; empty accepts any type. */
    public StringProperty approvalTypesProperty() {
        return approvalTypes;
    }

    /** Distinct approvers (1 to 100); empty means Kio's default for the criticality level. */
    public StringProperty requiredApproversProperty() {
        return requiredApprovers;
    }

    public BooleanProperty fourEyesProperty() {
        return fourEyes;
    }

    /** Scopes granted to the application's service identity, separated by commas or spaces. */
    public StringProperty scopesProperty() {
        return scopes;
    }

    /** What the server resolves the approver count to, as a sentence. */
    public ReadOnlyStringProperty effectiveProperty() {
        return effective.getReadOnlyProperty();
    }

    public StringBinding approvalTypesProblemProperty() {
        return approvalTypesProblem;
    }

    public StringBinding requiredApproversProblemProperty() {
        return requiredApproversProblem;
    }

    public StringBinding scopesProblemProperty() {
        return scopesProblem;
    }

    public BooleanBinding canSavePolicyProperty() {
        return canSavePolicy;
    }

    public BooleanBinding canSaveScopesProperty() {
        return canSaveScopes;
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return background.busyProperty();
    }

    /** Loads the applications. */
    public void reload() {
        background.run(
                "Load applications",
                policies::applications,
                apps -> applications.setAll(apps.stream()
                        .sorted(Comparator.comparing(Application::id))
                        .toList()));
    }

    /** Stores the policy in the form for the selected application. */
    public void savePolicy() {
        if (!canSavePolicy.get()) {
            return;
        }
        String id = selected.get().id();
        String approvers =
                requiredApprovers.get() == null ? "" : requiredApprovers.get().trim();
        ApprovalPolicy policy = new ApprovalPolicy(
                split(approvalTypes.get()),
                approvers.isEmpty() ? null : Integer.valueOf(approvers),
                fourEyes.get(),
                null);
        background.run("Save the approval policy of " + id, () -> policies.putPolicy(id, policy), stored -> {
            showPolicy(stored);
            background.dialogs().notify("Saved the approval policy of " + id);
        });
    }

    /** Replaces the scopes granted to the selected application's service identity. */
    public void saveScopes() {
        if (!canSaveScopes.get()) {
            return;
        }
        String id = selected.get().id();
        List<String> granted = split(scopes.get());
        background.run("Save the scopes of " + id, () -> identity.putScopes(id, granted), stored -> {
            scopes.set(String.join(" ", stored));
            background.dialogs().notify("Saved the scopes of " + id);
        });
    }

    private void load(Application app) {
        approvalTypes.set("");
        requiredApprovers.set("");
        scopes.set("");
        effective.set("");
        if (app == null) {
            return;
        }
        background.run(
                "Load the policy of " + app.id(),
                () -> new Loaded(policies.policy(app.id()), identity.scopes(app.id())),
                loaded -> {
                    if (app.equals(selected.get())) {
                        showPolicy(loaded.policy());
                        scopes.set(String.join(" ", loaded.scopes()));
                    }
                });
    }

    private void showPolicy(ApprovalPolicy policy) {
        approvalTypes.set(policy.approvalTypes() == null ? "" : String.join(", ", policy.approvalTypes()));
        requiredApprovers.set(
                policy.requiredApprovers() == null
                        ? ""
                        : policy.requiredApprovers().toString());
        fourEyes.set(policy.fourEyes() == null || policy.fourEyes());
        Integer resolved = policy.effectiveRequiredApprovers();
        effective.set(
                resolved == null
                        ? ""
                        : policy.requiredApprovers() == null
                                ? "Default for its criticality: " + resolved + " distinct approver"
                                        + (resolved == 1 ? "" : "s")
                                : resolved + " distinct approver" + (resolved == 1 ? "" : "s") + ", set by an admin");
    }

    static List<String> split(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(SEPARATORS.split(text.trim()))
                .filter(s -> !s.isEmpty())
                .distinct()
                .toList();
    }

    private static String firstInvalid(String text, Pattern rule) {
        return split(text).stream()
                .filter(item -> !rule.matcher(item).matches())
                .findFirst()
                .orElse(null);
    }

    private static String approversProblem(String text) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty()) {
            return null;
        }
        try {
            int n = Integer.parseInt(value);
            return n >= 1 && n <= 100 ? null : "Between 1 and 100, or empty for the default";
        } catch (NumberFormatException e) {
            return "A whole number between 1 and 100, or empty for the default";
        }
    }

    private static boolean matches(Application app, String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        String needle = text.trim().toLowerCase(Locale.ROOT);
        return app.id().contains(needle)
                || (app.name() != null && app.name().toLowerCase(Locale.ROOT).contains(needle))
                || (app.teamId() != null && app.teamId().contains(needle));
    }

    private record Loaded(ApprovalPolicy policy, List<String> scopes) {}
}
