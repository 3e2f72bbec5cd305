package io.keyport.desktop.tokens.keyfile;

import io.keyport.desktop.tokens.Attestation;
import io.keyport.desktop.tokens.GenerateRequest;
import io.keyport.desktop.tokens.KeyAlgorithm;
import io.keyport.desktop.tokens.KeySource;
import io.keyport.desktop.tokens.PinSource;
import io.keyport.desktop.tokens.TokenException;
import io.keyport.desktop.tokens.TokenInfo;
import io.keyport.desktop.tokens.TokenKey;
import io.keyport.desktop.tokens.TokenKind;
import io.keyport.model.tuf.TufException;
import io.keyport.model.tuf.crypto.SignatureScheme;
import io.keyport.model.tuf.signer.KeyFiles;
import io.keyport.model.tuf.signer.PrivateKeySigner;
import io.keyport.model.tuf.signer.Signer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An encrypted PKCS#8 key file ({@link KeyFiles}) standing in for a token, for rehearsals only: its
 * {@link TokenInfo#rehearsalOnly()} is true, so every ceremony step shows a warning and the transcript
 * records it. The password is asked once, when the file is opened (or when a key is generated into a
 * file that does not exist yet). Never use it for a production root: the private key exists as a file.
 */
public final class KeyFileSource implements KeySource {

    private final Path file;
    private final PinSource password;
    private PrivateKeySigner signer;

    private KeyFileSource(Path file, PinSource password, PrivateKeySigner signer) {
        this.file = file;
        this.password = password;
        this.signer = signer;
    }

    /**
     * Opens a key file: decrypts it with the password {@code password} gives, or, when the file does not
     * exist yet, remembers the path for {@link #generate}.
     *
     * @throws TokenException WRONG_PIN for a wrong password, CANCELLED, FAILED for an unreadable file
     */
    public static KeyFileSource open(Path file, PinSource password) {
        if (!Files.exists(file)) {
            return new KeyFileSource(file, password, null);
        }
        String pem;
        try {
            pem = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TokenException(TokenException.Reason.FAILED, "cannot read the key file " + file, -1, e);
        }
        char[] secret = ask(password, info(file));
        try {
            return new KeyFileSource(file, password, KeyFiles.signer(pem, secret));
        } catch (TufException e) {
            throw new TokenException(
                    TokenException.Reason.WRONG_PIN,
                    "cannot decrypt " + file.getFileName() + ": wrong password (or not an encrypted key file)",
                    -1,
                    e);
        } finally {
            Arrays.fill(secret, '\0');
        }
    }

    @Override
    public TokenInfo info() {
        return info(file);
    }

    private static TokenInfo info(Path file) {
        return new TokenInfo(TokenKind.KEY_FILE, "key file " + file.getFileName(), "", "", true);
    }

    @Override
    public List<TokenKey> keys() {
        return signer == null ? List.of() : List.of(tokenKey(signer));
    }

    /** Writes a new encrypted key to the file; refused when the file holds a key already. */
    @Override
    public TokenKey generate(GenerateRequest request, PinSource pin) {
        if (signer != null || Files.exists(file)) {
            throw new TokenException(
                    TokenException.Reason.FAILED, "the key file " + file + " exists already: choose its key instead");
        }
        SignatureScheme scheme = switch (request.algorithm()) {
            case ECDSA_P256 -> SignatureScheme.ECDSA_SHA2_NISTP256;
            case ECDSA_P384 -> SignatureScheme.ECDSA_SHA2_NISTP384;
            case ED25519 -> SignatureScheme.ED25519;
            case RSA_3072 -> SignatureScheme.RSASSA_PSS_SHA256;
        };
        KeyPair pair = KeyFiles.generate(scheme);
        char[] secret = ask(pin == null ? password : pin, info());
        try {
            String pem = KeyFiles.writeEncryptedPkcs8(pair.getPrivate(), secret);
            Files.writeString(file, pem, StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the key file " + file, e);
        } finally {
            Arrays.fill(secret, '\0');
        }
        signer = new PrivateKeySigner(pair.getPrivate(), pair.getPublic(), scheme, null);
        return tokenKey(signer);
    }

    @Override
    public Signer signer(TokenKey key, PinSource pin) {
        if (signer == null
                || !signer.publicKey().coreKeyId().equals(key.publicKey().coreKeyId())) {
            throw new TokenException(
                    TokenException.Reason.FAILED, "the key file " + file.getFileName() + " holds another key");
        }
        return signer;
    }

    @Override
    public Optional<Attestation> attestation(TokenKey key) {
        return Optional.empty();
    }

    @Override
    public void close() {
        signer = null;
    }

    private TokenKey tokenKey(PrivateKeySigner s) {
        KeyAlgorithm algorithm = switch (SignatureScheme.of(s.scheme()).orElseThrow()) {
            case ECDSA_SHA2_NISTP256 -> KeyAlgorithm.ECDSA_P256;
            case ECDSA_SHA2_NISTP384 -> KeyAlgorithm.ECDSA_P384;
            case ED25519 -> KeyAlgorithm.ED25519;
            default -> KeyAlgorithm.RSA_3072;
        };
        return new TokenKey(file.getFileName().toString(), algorithm, s.publicKey());
    }

    private static char[] ask(PinSource source, TokenInfo info) {
        char[] secret = source.pin(info, -1);
        if (secret == null) {
            throw new TokenException(TokenException.Reason.CANCELLED, "password entry cancelled");
        }
        return secret;
    }
}
