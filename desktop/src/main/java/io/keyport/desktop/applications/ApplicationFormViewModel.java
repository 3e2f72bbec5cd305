package io.keyport.desktop.applications;

import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.kio.ApplicationDraft;
import io.keyport.desktop.kio.KioClient;
import io.keyport.desktop.shell.DialogService;
import io.keyport.model.kio.Application;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Creating or editing one application, with the server's rules checked as the user types (so the
 * form says what is wrong before anything is sent): the id pattern and length, a team, a name,
 * criticality 1 to 4, and the text limits. The server still decides; its refusal is shown through
 * {@link DialogService#showError}.
 */
public final class ApplicationFormViewModel {

    /** Kio's application id rule (the server's {@code ApplicationService.APP_ID}), at most 64 characters. */
    static final Pattern APP_ID = Pattern.compile("^[a-z][a-z0-9-]*[a-z0-9]$");

    static final int MAX_ID = 64;
    static final int MAX_NAME = 255;
    static final int MAX_SUBTITLE = 1024;
    static final int MAX_URL = 2048;
    static final int MAX_TEXT = 65536;

    private final KioClient client;
    private final DialogService dialogs;
    private final TaskExecutor executor;
    private final boolean creating;

    private final StringProperty id = new SimpleStringProperty(this, "id", "");
    private final StringProperty team = new SimpleStringProperty(this, "team", "");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty subtitle = new SimpleStringProperty(this, "subtitle", "");
    private final StringProperty description = new SimpleStringProperty(this, "description", "");
    private final StringProperty serviceUrl = new SimpleStringProperty(this, "serviceUrl", "");
    private final StringProperty scmUrl = new SimpleStringProperty(this, "scmUrl", "");
    private final StringProperty incidentContact = new SimpleStringProperty(this, "incidentContact", "");
    private final ObjectProperty<Integer> criticality = new SimpleObjectProperty<>(this, "criticality", 2);
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", true);
    private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");

    private final StringBinding idError;
    private final StringBinding teamError;
    private final StringBinding nameError;
    private final StringBinding textError;
    private final BooleanBinding valid;

    /** A form for a new application ({@code existing} null) or for editing {@code existing}. */
    public ApplicationFormViewModel(
            KioClient client, DialogService dialogs, TaskExecutor executor, Application existing) {
        this.client = Objects.requireNonNull(client);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.executor = Objects.requireNonNull(executor);
        this.creating = existing == null;
        if (existing != null) {
            id.set(existing.id());
            team.set(existing.teamId());
            name.set(existing.name());
            subtitle.set(nonNull(existing.subtitle()));
            description.set(nonNull(existing.description()));
            serviceUrl.set(nonNull(existing.serviceUrl()));
            scmUrl.set(nonNull(existing.scmUrl()));
            incidentContact.set(nonNull(existing.incidentContact()));
            criticality.set(existing.criticalityLevel());
            active.set(existing.active());
        }
        idError = Bindings.createStringBinding(() -> idProblem(id.get()), id);
        teamError = Bindings.createStringBinding(() -> blank(team.get()) ? "Choose the owning team" : null, team);
        nameError = Bindings.createStringBinding(
                () -> blank(name.get())
                        ? "A name is required"
                        : name.get().length() > MAX_NAME ? "At most " + MAX_NAME + " characters" : null,
                name);
        textError = Bindings.createStringBinding(
                this::textProblem, subtitle, description, serviceUrl, scmUrl, incidentContact, criticality);
        valid = idError.isNull()
                .and(teamError.isNull())
                .and(nameError.isNull())
                .and(textError.isNull())
                .and(busy.not());
    }

    static String idProblem(String value) {
        if (blank(value)) {
            return "An id is required";
        }
        if (value.length() > MAX_ID) {
            return "At most " + MAX_ID + " characters";
        }
        if (!APP_ID.matcher(value).matches()) {
            return "Lower-case letters, digits and '-'; starts with a letter, ends with a letter or digit";
        }
        return null;
    }

    private String textProblem() {
        if (subtitle.get().length() > MAX_SUBTITLE) {
            return "Subtitle: at most " + MAX_SUBTITLE + " characters";
        }
        if (description.get().length() > MAX_TEXT) {
            return "Description: at most " + MAX_TEXT + " characters";
        }
        if (serviceUrl.get().length() > MAX_URL || scmUrl.get().length() > MAX_URL) {
            return "URLs: at most " + MAX_URL + " characters";
        }
        if (incidentContact.get().length() > MAX_NAME) {
            return "Incident contact: at most " + MAX_NAME + " characters";
        }
        Integer level = criticality.get();
        if (level != null && (level < 1 || level > 4)) {
            return "Criticality is 1 to 4";
        }
        return null;
    }

    public boolean creating() {
        return creating;
    }

    public StringProperty idProperty() {
        return id;
    }

    public StringProperty teamProperty() {
        return team;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty subtitleProperty() {
        return subtitle;
    }

    public StringProperty descriptionProperty() {
        return description;
    }

    public StringProperty serviceUrlProperty() {
        return serviceUrl;
    }

    public StringProperty scmUrlProperty() {
        return scmUrl;
    }

    public StringProperty incidentContactProperty() {
        return incidentContact;
    }

    public ObjectProperty<Integer> criticalityProperty() {
        return criticality;
    }

    public BooleanProperty activeProperty() {
        return active;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    /** What is wrong with the id, or null. */
    public StringBinding idErrorProperty() {
        return idError;
    }

    public StringBinding teamErrorProperty() {
        return teamError;
    }

    public StringBinding nameErrorProperty() {
        return nameError;
    }

    /** What is wrong with the other fields, or null. */
    public StringBinding textErrorProperty() {
        return textError;
    }

    /** True when the form may be saved. */
    public BooleanBinding validProperty() {
        return valid;
    }

    /** Sends the form; {@code onSaved} receives the application id once the server accepted it. */
    public void save(Consumer<String> onSaved) {
        if (!valid.get()) {
            return;
        }
        String appId = id.get().trim();
        ApplicationDraft draft = new ApplicationDraft(
                team.get(),
                active.get(),
                name.get(),
                subtitle.get(),
                description.get(),
                serviceUrl.get(),
                scmUrl.get(),
                incidentContact.get(),
                criticality.get());
        busy.set(true);
        executor.execute(
                () -> {
                    if (creating && exists(appId)) {
                        throw new IllegalStateException(
                                "An application with id " + appId + " already exists; edit it instead.");
                    }
                    client.saveApplication(appId, draft);
                    return appId;
                },
                saved -> {
                    busy.set(false);
                    dialogs.notify((creating ? "Created " : "Saved ") + saved);
                    onSaved.accept(saved);
                },
                e -> {
                    busy.set(false);
                    dialogs.showError((creating ? "Create application " : "Save application ") + appId, e);
                });
    }

    /** Kio's PUT creates or updates; a "create" must not silently overwrite someone else's application. */
    private boolean exists(String appId) {
        try {
            client.application(appId);
            return true;
        } catch (io.keyport.desktop.service.BackendException e) {
            if (e.status() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
