package io.keyport.desktop.ceremony;

import com.fasterxml.jackson.databind.JsonNode;
import io.keyport.desktop.service.BackendClient;
import io.keyport.desktop.service.BackendException;
import io.keyport.desktop.service.OkHttpTransport;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenException;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.desktop.tokens.piv.YubiKeyPivSource;
import io.keyport.desktop.tokens.pkcs11.Pkcs11Source;
import io.keyport.model.tuf.Metadata;
import io.keyport.model.tuf.Root;
import io.keyport.model.tuf.Signature;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.TufJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;

/**
 * {@code keyport-console ceremony <command> ...}: every ceremony step from the command line, for
 * rehearsals and automation, through the same {@link CeremonyService} the console's wizard uses. Only
 * {@code send} connects to a server. Exit status 0 on success, 1 when a step is refused (the message
 * says why and nothing changed), 2 for a usage error.
 */
public final class CeremonyCommand {

    static final String USAGE = """
            usage: keyport-console ceremony <command> [options]
              init --file C.json bootstrap --online-key online-key.json --threshold N
                   [--root-days 365] [--targets-days 365] [--snapshot-days 1] [--timestamp-days 1]
                   [--bins-days 1] [--bins 256 | --delegations delegations.json]
              init --file C.json rotation --trusted-root N.root.json [--threshold N] [--root-days 365]
                   [--remove KEYID]...
              import --file C.json --pending metadata-sign.json
              add-key --file C.json --holder NAME TOKEN [--generate p256|p384|ed25519|rsa]
                      [--pin-policy once|always|never] [--touch-policy always|cached|never]
                      [--rehearsal unverified-attestation]
              sign --file C.json --holder NAME TOKEN
              diff --file C.json
              bundle --file C.json --out bundle.json
              export-signatures --file C.json --out signatures.json
              send --file C.json --payload bundle.json --server URL --user NAME --password-env VAR
              verify --transcript C.transcript.json [--root N.root.json] [--check FILE]...
              change-pin --yubikey READER|any [--pin-env VAR] [--new-pin-env VAR]
              unblock-pin --yubikey READER|any [--puk-env VAR] [--new-pin-env VAR]
            TOKEN: --yubikey READER|any [--slot 9a|9c|9d|9e] [--pin-env VAR] [--management-key-env VAR]
                 | --pkcs11 MODULE --slot N --key LABEL [--pin-env VAR]
                 | --key-file FILE [--password-env VAR]    (rehearsals only)
            """;

    private final Map<String, String> env;
    private final PrintStream out;
    private final PrintStream err;
    private final Clock clock;
    private final KeySources sources;

    public CeremonyCommand(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
        this(env, out, err, clock, KeySources.platform());
    }

    public CeremonyCommand(Map<String, String> env, PrintStream out, PrintStream err, Clock clock, KeySources sources) {
        this.sources = sources;
        this.env = env;
        this.out = out;
        this.err = err;
        this.clock = clock;
    }

    /** Entry from the launcher: runs and exits with the status. */
    public static void main(String[] args) {
        System.exit(new CeremonyCommand(System.getenv(), System.out, System.err, Clock.systemUTC()).run(args));
    }

    /** Runs one command; answers the exit status. */
    public int run(String... args) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            return dispatch(o);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (TokenException e) {
            err.println("refused: " + e.getMessage());
            if (e.reason() == TokenException.Reason.PIN_BLOCKED
                    && o.value("yubikey").isPresent()) {
                String reader = o.value("yubikey").get();
                err.println("next: keyport-console ceremony unblock-pin --yubikey '" + reader
                        + "' (asks the PUK and a new PIN; or ykman"
                        + (reader.equals(KeySources.ANY_READER) ? "" : " --reader '" + reader + "'")
                        + " piv access unblock-pin), then run this step again;"
                        + " if the PUK is blocked too, this YubiKey's PIV keys are lost: use another holder");
            }
            return 1;
        } catch (CeremonyException | TufException e) {
            err.println("refused: " + e.getMessage());
            return 1;
        }
    }

    private int dispatch(Options o) {
        String command = o.positional(0);
        if (command.equals("verify")) {
            return verify(o);
        }
        if (command.equals("change-pin") || command.equals("unblock-pin")) {
            return pinCommand(command, o);
        }
        CeremonyService service = new CeremonyService(Path.of(o.required("file")), clock);
        String actor = o.value("actor").orElse("operator");
        switch (command) {
            case "init" -> {
                String kind = o.positional(1);
                if (kind.equals("bootstrap")) {
                    service.initBootstrap(plan(o), Path.of(o.required("online-key")), actor);
                } else if (kind.equals("rotation")) {
                    service.initRotation(
                            Path.of(o.required("trusted-root")),
                            o.value("threshold").map(Options::number).orElse(null),
                            o.value("root-days").map(Options::number).orElse(null),
                            o.values("remove"),
                            actor);
                } else {
                    throw new IllegalArgumentException("init bootstrap or init rotation, not " + kind);
                }
                print(service.summary());
            }
            case "import" -> {
                service.importPending(Path.of(o.required("pending")), actor);
                print(service.summary());
            }
            case "add-key" -> {
                String holder = o.required("holder");
                boolean rehearsal = rehearsalUnverified(o);
                try (KeySource source = token(o)) {
                    TokenKey key = o.value("generate").isPresent()
                            ? source.generate(
                                    new GenerateRequest(
                                            keyName(o),
                                            algorithm(o.required("generate")),
                                            policy(o, "pin-policy", GenerateRequest.PinPolicy.class),
                                            policy(o, "touch-policy", GenerateRequest.TouchPolicy.class)),
                                    pin(o))
                            : chooseKey(source, o);
                    Ceremony added = service.addKey(holder, source, key, rehearsal);
                    Ceremony.Holder h = added.holder(holder).orElseThrow();
                    out.println(holder + " added key " + key.publicKey().keyId() + " ("
                            + key.publicKey().scheme() + ") from "
                            + source.info().label()
                            + (h.token().firmware().isEmpty()
                                    ? ""
                                    : ", firmware " + h.token().firmware())
                            + "; attestation " + h.attestation());
                }
                print(service.summary());
            }
            case "sign" -> {
                String holder = o.required("holder");
                Signature signature;
                try (KeySource source = token(o)) {
                    signature = service.sign(holder, source, pin(o));
                }
                out.println(holder + " signed with key " + signature.keyId() + "; the signature verifies");
                out.println(CeremonyService.describe(service.status()));
                CeremonyService.warnings(service.current()).forEach(out::println);
                CeremonyService.keyTypeWarnings(service.current()).forEach(out::println);
            }
            case "diff" -> print(service.summary());
            case "bundle" -> out.println("wrote " + service.bundle(Path.of(o.required("out")), actor));
            case "export-signatures" ->
                out.println("wrote " + service.exportSignatures(Path.of(o.required("out")), actor));
            case "send" -> out.println(service.send(Path.of(o.required("payload")), server(o), actor));
            default -> throw new IllegalArgumentException("unknown command " + command);
        }
        return 0;
    }

    private int verify(Options o) {
        Path transcript = Path.of(o.required("transcript"));
        Optional<Metadata<Root>> anchor = o.value("root").map(r -> {
            try {
                return Metadata.fromBytes(Files.readAllBytes(Path.of(r)), Root.class);
            } catch (IOException e) {
                throw new CeremonyException("cannot read " + r + ": " + e.getMessage(), e);
            }
        });
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(transcript);
        } catch (IOException e) {
            throw new CeremonyException("cannot read " + transcript + ": " + e.getMessage(), e);
        }
        Transcript.Verification result = Transcript.verify(bytes, anchor);
        List<String> problems = new ArrayList<>(result.problems());
        String recorded = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        for (String check : o.values("check")) {
            try {
                String sha = TufJson.sha256Hex(Files.readAllBytes(Path.of(check)));
                if (!recorded.contains("\"" + sha + "\"")) {
                    problems.add(check + " (SHA-256 " + sha + ") is not a file this ceremony read or wrote");
                } else {
                    out.println(check + " is recorded in the transcript (SHA-256 " + sha + ")");
                }
            } catch (IOException e) {
                problems.add("cannot read " + check + ": " + e.getMessage());
            }
        }
        result.sealedBy().forEach(k -> out.println("sealed by root key " + k + ": verified"));
        if (!problems.isEmpty() || !result.ok()) {
            problems.forEach(p -> err.println("refused: " + p));
            return 1;
        }
        out.println("transcript verified");
        return 0;
    }

    private BootstrapPlan plan(Options o) {
        int threshold = Options.number(o.required("threshold"));
        JsonNode delegations = null;
        Integer bins = null;
        if (o.value("delegations").isPresent()) {
            delegations = BootstrapPlan.readDelegations(Path.of(o.required("delegations")));
        } else {
            bins = o.value("bins").map(Options::number).orElse(256);
        }
        BootstrapPlan plan = BootstrapPlan.withBins(bins == null ? 2 : bins, threshold);
        plan = new BootstrapPlan(plan.days(), bins, delegations, threshold);
        for (String role : List.of("root", "targets", "snapshot", "timestamp", "bins")) {
            Optional<String> days = o.value(role + "-days");
            if (days.isPresent()) {
                plan = plan.withDays(role, Options.number(days.get()));
            }
        }
        return plan;
    }

    private KeySource token(Options o) {
        if (o.value("yubikey").isPresent()) {
            YubiKeyPivSource yubiKey = sources.yubiKey(o.required("yubikey"));
            Optional<String> managementKey = o.value("management-key-env");
            if (managementKey.isPresent()) {
                String hex = env.get(managementKey.get());
                if (hex == null) {
                    yubiKey.close();
                    throw new CeremonyException("the environment variable " + managementKey.get() + " is not set");
                }
                try {
                    yubiKey.managementKey(HexFormat.of().parseHex(hex.strip()));
                } catch (IllegalArgumentException e) {
                    yubiKey.close();
                    throw new CeremonyException("the management key in " + managementKey.get() + " is not hex");
                }
            }
            return yubiKey;
        }
        if (o.value("pkcs11").isPresent()) {
            return sources.pkcs11(
                    new Pkcs11Source.Location(
                            Path.of(o.required("pkcs11")),
                            Options.number(o.required("slot")),
                            o.value("label").orElse(null)),
                    pin(o));
        }
        if (o.value("key-file").isPresent()) {
            err.println("WARNING: a key file is for rehearsals only; never sign a production root with it");
            return sources.keyFile(Path.of(o.required("key-file")), pin(o));
        }
        throw new IllegalArgumentException(
                "name the token: --yubikey READER|any, --pkcs11 MODULE --slot N --key LABEL, or --key-file FILE");
    }

    private boolean rehearsalUnverified(Options o) {
        Optional<String> rehearsal = o.value("rehearsal");
        if (rehearsal.isPresent() && !rehearsal.get().equals("unverified-attestation")) {
            throw new IllegalArgumentException("--rehearsal unverified-attestation, not " + rehearsal.get());
        }
        if (rehearsal.isPresent()) {
            err.println("WARNING: --rehearsal unverified-attestation accepts a key whose attestation does not"
                    + " verify; the ceremony is then a rehearsal only, never a production root");
        }
        return rehearsal.isPresent();
    }

    private static <E extends Enum<E>> E policy(Options o, String option, Class<E> type) {
        Optional<String> value = o.value(option);
        if (value.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.get().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + option + " "
                    + java.util.Arrays.stream(type.getEnumConstants())
                            .map(c -> c.name().toLowerCase(Locale.ROOT))
                            .toList()
                    + ", not " + value.get());
        }
    }

    private String keyName(Options o) {
        if (o.value("yubikey").isPresent()) {
            return o.value("slot").orElse("9c");
        }
        return o.value("key")
                .orElseGet(() ->
                        Path.of(o.value("key-file").orElse("key")).getFileName().toString());
    }

    private TokenKey chooseKey(KeySource source, Options o) {
        List<TokenKey> keys = source.keys();
        Optional<String> wanted = o.value("yubikey").isPresent() ? o.value("slot") : o.value("key");
        if (wanted.isPresent()) {
            String name = wanted.get();
            return keys.stream()
                    .filter(k -> k.slot().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new CeremonyException("the token holds no key named '" + name + "'; keys there: "
                            + keys.stream().map(TokenKey::slot).toList() + " (or add --generate)"));
        }
        if (keys.size() != 1) {
            throw new CeremonyException("choose the key with "
                    + (o.value("yubikey").isPresent() ? "--slot" : "--key") + "; keys on the token: "
                    + keys.stream().map(TokenKey::slot).toList());
        }
        return keys.get(0);
    }

    /** Changes a YubiKey's PIN, or sets a new one with the PUK after it blocked; records nothing. */
    private int pinCommand(String command, Options o) {
        try (YubiKeyPivSource yubiKey = sources.yubiKey(o.required("yubikey"))) {
            String card = "YubiKey " + yubiKey.serial();
            if (command.equals("change-pin")) {
                char[] current = secret(o, "pin-env", "current PIN of " + card);
                yubiKey.changePin(current, secret(o, "new-pin-env", "new PIN of " + card));
                out.println("the PIN of " + card + " is changed");
            } else {
                char[] puk = secret(o, "puk-env", "PUK of " + card);
                yubiKey.unblockPin(puk, secret(o, "new-pin-env", "new PIN of " + card));
                out.println("the PIN of " + card + " is unblocked and set anew (" + yubiKey.pinTriesLeft()
                        + " tries); sign again with the new PIN");
            }
        }
        return 0;
    }

    /** A secret from the environment variable named by {@code --option}, else asked on the terminal. */
    private char[] secret(Options o, String option, String what) {
        return secret(o.value(option), option, what, what);
    }

    /**
     * The value of {@code variable} when it is named, else the answer on the terminal to {@code prompt}.
     *
     * @throws CeremonyException if the variable is not set, or there is no terminal
     */
    private char[] secret(Optional<String> variable, String option, String what, String prompt) {
        if (variable.isPresent()) {
            String value = env.get(variable.get());
            if (value == null) {
                throw new CeremonyException("the environment variable " + variable.get() + " is not set");
            }
            return value.toCharArray();
        }
        java.io.Console console = System.console();
        if (console == null) {
            throw new CeremonyException("no terminal to ask the " + what + ": use --" + option + " VAR");
        }
        return console.readPassword("%s: ", prompt);
    }

    private PinSource pin(Options o) {
        Optional<String> variable = o.value("pin-env").or(() -> o.value("password-env"));
        return (token, triesLeft) -> secret(
                variable,
                "pin-env",
                "PIN of " + token.label(),
                "PIN of " + token.label() + (triesLeft >= 0 ? " (" + triesLeft + " tries left)" : ""));
    }

    private CeremonyServer server(Options o) {
        String url = o.required("server");
        String variable = o.required("password-env");
        String password = env.get(variable);
        if (password == null) {
            throw new CeremonyException("the environment variable " + variable + " is not set");
        }
        OkHttpClient http = new OkHttpClient();
        String token;
        try (BackendClient client = new BackendClient(url, http)) {
            token = client.login(o.required("user"), password);
        } catch (BackendException e) {
            throw new CeremonyException("cannot sign in to " + url + ": " + e.getMessage(), e);
        }
        return new HttpCeremonyServer(
                new OkHttpTransport(url, http, () -> token), Duration.ofMinutes(5), Duration.ofMillis(200), clock);
    }

    private void print(List<String> lines) {
        lines.forEach(out::println);
    }

    private static KeyAlgorithm algorithm(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "p256" -> KeyAlgorithm.ECDSA_P256;
            case "p384" -> KeyAlgorithm.ECDSA_P384;
            case "ed25519" -> KeyAlgorithm.ED25519;
            case "rsa" -> KeyAlgorithm.RSA_3072;
            default -> throw new IllegalArgumentException("--generate p256, p384, ed25519 or rsa, not " + name);
        };
    }

    /** {@code --name value} options (some repeatable) and positional words. */
    record Options(List<String> positional, Map<String, List<String>> named) {

        static Options parse(String[] args) {
            List<String> positional = new ArrayList<>();
            Map<String, List<String>> named = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (args[i].startsWith("--")) {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException(args[i] + " needs a value");
                    }
                    named.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>())
                            .add(args[++i]);
                } else {
                    positional.add(args[i]);
                }
            }
            return new Options(positional, named);
        }

        String positional(int index) {
            if (index >= positional.size()) {
                throw new IllegalArgumentException("missing command");
            }
            return positional.get(index);
        }

        Optional<String> value(String name) {
            List<String> list = named.get(name);
            return list == null ? Optional.empty() : Optional.of(list.get(list.size() - 1));
        }

        List<String> values(String name) {
            return named.getOrDefault(name, List.of());
        }

        String required(String name) {
            return value(name).orElseThrow(() -> new IllegalArgumentException("--" + name + " is required"));
        }

        static int number(String text) {
            try {
                return Integer.parseInt(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a whole number: " + text);
            }
        }
    }
}
