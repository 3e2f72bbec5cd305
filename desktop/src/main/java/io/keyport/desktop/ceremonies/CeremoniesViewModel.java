package io.keyport.desktop.ceremonies;

import io.keyport.desktop.ceremony.BootstrapPlan;
import io.keyport.desktop.ceremony.Ceremony;
import io.keyport.desktop.ceremony.CeremonyException;
import io.keyport.desktop.ceremony.CeremonyServer;
import io.keyport.desktop.ceremony.CeremonyService;
import io.keyport.desktop.ceremony.RootDiff;
import io.keyport.desktop.ceremony.Transcript;
import io.keyport.desktop.concurrent.TaskExecutor;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenException;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.TufException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The ceremony wizard's state and steps, without JavaFX controls: every step runs the engine
 * ({@link CeremonyService}) on the executor and then shows the ceremony file's summary, the difference
 * against the trusted root and who still has to sign. Token errors are shown with their next step
 * ({@link #explain}). Offline (no {@link CeremonyServer}) nothing here touches the network.
 */
public final class CeremoniesViewModel {

    private final TaskExecutor executor;
    private final Clock clock;
    private final List<KeySourceFactory> sources;
    private final Optional<CeremonyServer> server;
    private final String actor;
    private PinSource pins;
    private CeremonyService service;

    // bootstrap plan
    private final IntegerProperty rootDays = new SimpleIntegerProperty(365);
    private final IntegerProperty targetsDays = new SimpleIntegerProperty(365);
    private final IntegerProperty snapshotDays = new SimpleIntegerProperty(1);
    private final IntegerProperty timestampDays = new SimpleIntegerProperty(1);
    private final IntegerProperty bins = new SimpleIntegerProperty(256);
    private final BooleanProperty customDelegations = new SimpleBooleanProperty(false);
    private final StringProperty delegationsFile = new SimpleStringProperty("");
    private final IntegerProperty threshold = new SimpleIntegerProperty(2);
    private final StringProperty ceremonyFile = new SimpleStringProperty("");
    private final StringProperty inputFile = new SimpleStringProperty("");

    // a key holder
    private final StringProperty holder = new SimpleStringProperty("");
    private final ObjectProperty<KeySourceFactory> source = new SimpleObjectProperty<>();
    private final StringProperty location = new SimpleStringProperty("");
    private final BooleanProperty generate = new SimpleBooleanProperty(true);
    private final ObjectProperty<KeyAlgorithm> algorithm = new SimpleObjectProperty<>(KeyAlgorithm.ECDSA_P256);
    private final ObjectProperty<GenerateRequest.PinPolicy> pinPolicy =
            new SimpleObjectProperty<>(GenerateRequest.PinPolicy.DEFAULT);
    private final ObjectProperty<GenerateRequest.TouchPolicy> touchPolicy =
            new SimpleObjectProperty<>(GenerateRequest.TouchPolicy.DEFAULT);
    private final StringProperty policy = new SimpleStringProperty("");

    // what the wizard shows
    private final ObservableList<String> summary = FXCollections.observableArrayList();
    private final ObservableList<String> changes = FXCollections.observableArrayList();
    private final ObservableList<String> missing = FXCollections.observableArrayList();
    private final StringProperty attestation = new SimpleStringProperty("");
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final BooleanProperty rehearsal = new SimpleBooleanProperty();
    private final BooleanProperty busy = new SimpleBooleanProperty();

    public CeremoniesViewModel(
            TaskExecutor executor,
            Clock clock,
            List<KeySourceFactory> sources,
            Optional<CeremonyServer> server,
            String actor,
            PinSource pins) {
        this.executor = Objects.requireNonNull(executor);
        this.clock = Objects.requireNonNull(clock);
        this.sources = List.copyOf(sources);
        this.server = Objects.requireNonNull(server);
        this.actor = Objects.requireNonNull(actor);
        this.pins = Objects.requireNonNull(pins);
        source.set(this.sources.getFirst());
        source.addListener((o, old, now) -> rehearsal.set(now != null && now.rehearsalOnly() || holdersRehearse()));
    }

    /** Whether this console may send signatures and bundles ({@code false} in offline mode). */
    public boolean online() {
        return server.isPresent();
    }

    public List<KeySourceFactory> sources() {
        return sources;
    }

    /** Replaces how PINs are asked (the view's dialog). */
    public void pins(PinSource pins) {
        this.pins = Objects.requireNonNull(pins);
    }

    // ---- steps

    /**
     * Starts a bootstrap in {@link #ceremonyFile()} from the plan and the online key file in {@link #inputFile()}:
     * hash bins, or with {@link #customDelegations()} the roles of {@link #delegationsFile()}, read and checked
     * as the command line's {@code --delegations} before anything is written.
     */
    public void startBootstrap() {
        run("start the bootstrap", () -> {
            CeremonyService s = new CeremonyService(path(ceremonyFile.get(), "ceremony file"), clock);
            BootstrapPlan plan = (customDelegations.get()
                            ? BootstrapPlan.withDelegations(
                                    BootstrapPlan.readDelegations(
                                            path(delegationsFile.get(), "delegations file ({\"roles\": [...]})")),
                                    threshold.get())
                            : BootstrapPlan.withBins(bins.get(), threshold.get()))
                    .withDays("root", rootDays.get())
                    .withDays("targets", targetsDays.get())
                    .withDays("snapshot", snapshotDays.get())
                    .withDays("timestamp", timestampDays.get());
            s.initBootstrap(plan, path(inputFile.get(), "online key file (GET /api/v1/keys/online)"), actor);
            service = s;
            return "Bootstrap started: root v1 waits for its key holders";
        });
    }

    /** Imports pending metadata with its trusted root ({@link #inputFile()}) into a new signing event. */
    public void importPending() {
        run("import the pending metadata", () -> {
            CeremonyService s = new CeremonyService(path(ceremonyFile.get(), "ceremony file"), clock);
            s.importPending(path(inputFile.get(), "pending metadata file (GET /api/v1/metadata/sign)"), actor);
            service = s;
            return "Pending root imported: check the changes before anyone signs";
        });
    }

    /** Opens a ceremony file an earlier sitting wrote, to go on signing. */
    public void open() {
        run("open the ceremony", () -> {
            Path file = path(ceremonyFile.get(), "ceremony file");
            if (!Files.exists(file)) {
                throw new CeremonyException(
                        file + " does not exist: start a ceremony or give the file of an earlier" + " sitting");
            }
            CeremonyService s = new CeremonyService(file, clock);
            s.current();
            service = s;
            return "Ceremony opened";
        });
    }

    /**
     * Adds the key holder {@link #holder()} with a key of the chosen source: generated on the token or the
     * first key present; its attestation is shown and checked by the engine.
     */
    public void addHolder() {
        String name = holder.get().strip();
        KeySourceFactory factory = source.get();
        String where = location.get();
        boolean create = generate.get();
        KeyAlgorithm alg = algorithm.get();
        GenerateRequest.PinPolicy pinWhen = pinPolicy.get();
        GenerateRequest.TouchPolicy touchWhen = touchPolicy.get();
        run("add the key holder", () -> {
            CeremonyService s = started();
            if (name.isEmpty()) {
                throw new CeremonyException("give the key holder's name");
            }
            try (KeySource token = factory.open(where, pins)) {
                TokenKey key;
                if (create) {
                    key = token.generate(new GenerateRequest(slotFor(where, token), alg, pinWhen, touchWhen), pins);
                } else {
                    key = token.keys().stream()
                            .findFirst()
                            .orElseThrow(() -> new CeremonyException(
                                    "no key on " + token.info().label()
                                            + ": tick \"generate a new key\" to create one on the token"));
                }
                String attested = token.attestation(key)
                        .map(a -> (a.verified() ? "Attestation verified" : "Attestation does NOT verify")
                                + (a.detail().isEmpty() ? "" : ": " + a.detail()))
                        .orElse("No attestation: " + token.info().kind() + " tokens cannot attest their keys");
                s.addKey(name, token, key);
                policyLater(TokenActions.reportedPolicy(name, token, key));
                attestationLater(
                        name + ": " + attested + " (key " + key.publicKey().keyId() + ")");
            }
            return name + " holds a root key now";
        });
    }

    /** The holder {@link #holder()} signs with the chosen source; the engine verifies the signature at once. */
    public void sign() {
        String name = holder.get().strip();
        KeySourceFactory factory = source.get();
        String where = location.get();
        run("sign", () -> {
            CeremonyService s = started();
            if (name.isEmpty()) {
                throw new CeremonyException("give the name of the key holder who signs");
            }
            try (KeySource token = factory.open(where, pins)) {
                s.sign(name, token, pins);
            }
            return name + " signed; the signature verified";
        });
    }

    /**
     * Changes the PIN of the YubiKey at {@link #location()} ({@code repeat} must match {@code newPin});
     * records nothing in the ceremony. The arrays are cleared afterwards.
     */
    public void changePin(char[] current, char[] newPin, char[] repeat) {
        KeySourceFactory factory = source.get();
        String where = location.get();
        run("change the PIN", () -> TokenActions.changePin(factory, where, pins, current, newPin, repeat));
    }

    /**
     * Sets a new PIN with the PUK on the YubiKey at {@link #location()} after its PIN blocked; a wrong
     * PUK says how many PUK tries are left. The arrays are cleared afterwards.
     */
    public void unblockPin(char[] puk, char[] newPin, char[] repeat) {
        KeySourceFactory factory = source.get();
        String where = location.get();
        run("unblock the PIN", () -> TokenActions.unblockPin(factory, where, pins, puk, newPin, repeat));
    }

    /** Writes the bootstrap bundle (or the root update payload of a rotation) to {@code out}. */
    public void writeBundle(Path out) {
        run("write the bundle", () -> "Bundle written to " + started().bundle(out, actor));
    }

    /** Writes the signatures made in this ceremony to {@code out}. */
    public void exportSignatures(Path out) {
        run("export the signatures", () -> "Signatures written to " + started().exportSignatures(out, actor));
    }

    /** Online mode only: sends a bundle or a signatures file. */
    public void send(Path payload) {
        run("send to the server", () -> {
            CeremonyServer to = server.orElseThrow(() -> new CeremonyException(
                    "offline mode sends nothing: carry the file to a console signed in to the server"));
            return "Server answered: " + started().send(payload, to, actor);
        });
    }

    /** Verifies a transcript JSON, against a trusted root file when one is given. */
    public void verifyTranscript(Path transcript, Optional<Path> trustedRoot) {
        run("verify the transcript", () -> {
            byte[] bytes = read(transcript);
            Optional<Metadata<Root>> anchor = Optional.empty();
            if (trustedRoot.isPresent()) {
                try {
                    anchor = Optional.of(Metadata.fromJson(io.keyport.model.tuf.TufJson.parse(read(trustedRoot.get())))
                            .as(Root.class));
                } catch (TufException | IllegalArgumentException e) {
                    throw new CeremonyException(trustedRoot.get().getFileName() + " is not TUF root metadata", e);
                }
            }
            Transcript.Verification v = Transcript.verify(bytes, anchor);
            List<String> lines = new ArrayList<>();
            lines.add("sealed by " + v.sealedBy());
            v.problems().forEach(p -> lines.add("PROBLEM: " + p));
            summaryLater(lines);
            if (!v.ok()) {
                throw new CeremonyException("the transcript does not verify: " + String.join("; ", v.problems()));
            }
            return "Transcript verified: sealed by " + v.sealedBy().size() + " key(s)";
        });
    }

    // ---- what is shown

    /** Re-reads the ceremony file: summary, changes against the trusted root, keys still missing. */
    void show(CeremonyService s) {
        Ceremony c = s.current();
        summary.setAll(s.summary());
        changes.setAll(s.diff().map(RootDiff::lines).orElse(List.of()));
        CeremonyService.Status status = s.status();
        List<String> still = new ArrayList<>();
        status.trusted()
                .ifPresent(t -> still.add(
                        "Old root (version " + c.trustedRoot().signed().version() + "): "
                                + t.signed().size() + " of " + t.threshold()
                                + (t.verified() ? " reached" : ", missing keys " + holders(c, t.unsigned()))));
        still.add("New root (version " + c.root().signed().version() + "): "
                + status.next().signed().size() + " of " + status.next().threshold()
                + (status.next().verified()
                        ? " reached"
                        : ", missing keys " + holders(c, status.next().unsigned())));
        missing.setAll(still);
        rehearsal.set(holdersRehearse() || source.get() != null && source.get().rehearsalOnly());
    }

    private static List<String> holders(Ceremony c, java.util.Collection<String> keyIds) {
        return keyIds.stream()
                .map(id -> c.holderOfKey(id)
                        .map(h -> h.name() + " (" + shortId(id) + ")")
                        .orElse(shortId(id)))
                .toList();
    }

    private static String shortId(String keyId) {
        return keyId.length() > 12 ? keyId.substring(0, 12) + "…" : keyId;
    }

    private boolean holdersRehearse() {
        if (service == null) {
            return false;
        }
        try {
            return !CeremonyService.warnings(service.current()).isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * What went wrong and the next step, in a key holder's words; token errors by their reason, ceremony
     * refusals with the engine's own sentence (which names what to do).
     */
    public static String explain(Throwable e) {
        if (e instanceof TokenException t) {
            String next = switch (t.reason()) {
                case WRONG_PIN ->
                    "Wrong PIN" + (t.triesLeft() >= 0 ? " (" + t.triesLeft() + " tries left)" : "")
                            + ". Next: enter the PIN again slowly; when no try is left the token blocks.";
                case PIN_BLOCKED -> "The PIN is blocked. Next: unblock it with the PUK or SO PIN, then sign again.";
                case TOUCH_TIMEOUT ->
                    "The token was not touched in time. Next: sign again and touch it when it blinks.";
                case NO_TOKEN -> "No token found. Next: insert the token (or check the module path) and try again.";
                case TOKEN_REMOVED ->
                    "The token was removed during the operation; nothing was recorded. Next: insert it and try again.";
                case CANCELLED -> "Cancelled; nothing was recorded.";
                case UNSUPPORTED -> "This token cannot do that. Next: choose another key type or token.";
                case FAILED -> "The token failed. Next: check it, then try again.";
            };
            return next + " (" + t.getMessage() + ")";
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    // ---- plumbing

    private CeremonyService started() {
        if (service == null) {
            throw new CeremonyException("start or open a ceremony first");
        }
        return service;
    }

    private void run(String action, Callable<String> step) {
        busy.set(true);
        error.set("");
        executor.execute(
                () -> {
                    String done = step.call();
                    return done;
                },
                done -> {
                    busy.set(false);
                    message.set(done);
                    refreshShown();
                },
                failure -> {
                    busy.set(false);
                    error.set("Could not " + action + ": " + explain(failure));
                    refreshShown();
                });
    }

    private final List<Runnable> pending = new ArrayList<>();

    private void attestationLater(String text) {
        synchronized (pending) {
            pending.add(() -> attestation.set(text));
        }
    }

    private void policyLater(String text) {
        synchronized (pending) {
            pending.add(() -> policy.set(text));
        }
    }

    private void summaryLater(List<String> lines) {
        synchronized (pending) {
            pending.add(() -> summary.setAll(lines));
        }
    }

    private void refreshShown() {
        List<Runnable> todo;
        synchronized (pending) {
            todo = List.copyOf(pending);
            pending.clear();
        }
        if (service != null && Files.exists(service.file())) {
            try {
                show(service);
            } catch (RuntimeException e) {
                error.set("The ceremony file cannot be read: " + explain(e));
            }
        }
        todo.forEach(Runnable::run);
    }

    private static String slotFor(String location, KeySource token) {
        return switch (token.info().kind()) {
            case YUBIKEY_PIV -> "9c";
            case KEY_FILE -> Path.of(location.strip()).getFileName().toString();
            case PKCS11 -> "keyport-root-" + Long.toHexString(System.nanoTime());
        };
    }

    private static Path path(String text, String what) {
        return KeySourceFactories.path(text, what);
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new CeremonyException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- properties

    public IntegerProperty rootDays() {
        return rootDays;
    }

    public IntegerProperty targetsDays() {
        return targetsDays;
    }

    public IntegerProperty snapshotDays() {
        return snapshotDays;
    }

    public IntegerProperty timestampDays() {
        return timestampDays;
    }

    public IntegerProperty bins() {
        return bins;
    }

    /** Whether the bootstrap delegates to the roles of {@link #delegationsFile()} instead of hash bins. */
    public BooleanProperty customDelegations() {
        return customDelegations;
    }

    /** The custom delegations file, RSTUF's {@code {"roles": [...]}} (as {@code --delegations}). */
    public StringProperty delegationsFile() {
        return delegationsFile;
    }

    public IntegerProperty threshold() {
        return threshold;
    }

    public StringProperty ceremonyFile() {
        return ceremonyFile;
    }

    public StringProperty inputFile() {
        return inputFile;
    }

    public StringProperty holder() {
        return holder;
    }

    public ObjectProperty<KeySourceFactory> source() {
        return source;
    }

    public StringProperty location() {
        return location;
    }

    public BooleanProperty generate() {
        return generate;
    }

    public ObjectProperty<KeyAlgorithm> algorithm() {
        return algorithm;
    }

    /** The PIN policy a key generated on a YubiKey gets ({@code DEFAULT}: the card's, as the CLI). */
    public ObjectProperty<GenerateRequest.PinPolicy> pinPolicy() {
        return pinPolicy;
    }

    /** The touch policy a key generated on a YubiKey gets ({@code DEFAULT}: the card's, as the CLI). */
    public ObjectProperty<GenerateRequest.TouchPolicy> touchPolicy() {
        return touchPolicy;
    }

    /** The PIN and touch policies the YubiKey reports for the key holder's key ("" for other tokens). */
    public StringProperty policy() {
        return policy;
    }

    public ObservableList<String> summary() {
        return summary;
    }

    public ObservableList<String> changes() {
        return changes;
    }

    public ObservableList<String> missing() {
        return missing;
    }

    public StringProperty attestation() {
        return attestation;
    }

    public StringProperty message() {
        return message;
    }

    public StringProperty error() {
        return error;
    }

    public BooleanProperty rehearsal() {
        return rehearsal;
    }

    public BooleanProperty busy() {
        return busy;
    }
}
