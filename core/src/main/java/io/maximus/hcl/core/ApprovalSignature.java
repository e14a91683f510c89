package io.maximus.hcl.core;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signatures of the approval answers the decision API publishes to {@code hcl.approvals}: the API signs,
 * the job verifies, so writing to the topic is not enough to approve an action. The key is the secret
 * {@code HCL_APPROVALS_HMAC_KEY} (or the file named by {@code HCL_APPROVALS_HMAC_KEY_FILE}, see {@link Secrets}), the
 * same on both sides.
 *
 * <p>The signed text is the canonical form {@code hcl-approval-v1\napproval_id\nscope_key\napproved\nby\nanswered_at}
 * (UTF-8, {@code approved} as {@code true}/{@code false}, {@code answered_at} in epoch milliseconds); the signature is
 * its lowercase hex HMAC in the answer's field {@value #FIELD}.
 */
public final class ApprovalSignature implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The secret holding the key. */
    public static final String KEY_SECRET = "HCL_APPROVALS_HMAC_KEY";
    /** The JSON field of the signature. */
    public static final String FIELD = "signature";
    /** The shortest key accepted, in bytes (HMAC-SHA256's block size is 64; below 32 is guessable). */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    private ApprovalSignature(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException(
                    KEY_SECRET + " must be at least " + MIN_KEY_BYTES + " bytes, is " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /** A signer/verifier with {@code key} (its UTF-8 bytes); at least {@value #MIN_KEY_BYTES} bytes. */
    public static ApprovalSignature of(String key) {
        return new ApprovalSignature(key.getBytes(StandardCharsets.UTF_8));
    }

    /** The signer of the key in {@code env} ({@link Secrets}), else of {@code configuredFile}; null when none is set. */
    public static ApprovalSignature fromEnvironment(Map<String, String> env, String configuredFile) {
        String k = Secrets.read(env, KEY_SECRET, configuredFile);
        return k == null ? null : of(k);
    }

    /** The canonical text that is signed. */
    public static String canonical(String approvalId, String scopeKey, boolean approved, String by, long answeredAt) {
        return String.join(
                "\n", "hcl-approval-v1", approvalId, scopeKey, String.valueOf(approved), by, "" + answeredAt);
    }

    /** The signature (lowercase hex HMAC-SHA256) of an answer's canonical form. */
    public String sign(String approvalId, String scopeKey, boolean approved, String by, long answeredAt) {
        return HexFormat.of().formatHex(mac(canonical(approvalId, scopeKey, approved, by, answeredAt)));
    }

    /** True when {@code signature} is the signature of the answer; compared in constant time. */
    public boolean verify(
            String approvalId, String scopeKey, boolean approved, String by, long answeredAt, String signature) {
        if (signature == null) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(canonical(approvalId, scopeKey, approved, by, answeredAt)), given);
    }

    private byte[] mac(String text) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "ApprovalSignature[HMAC-SHA256]";
    }
}
