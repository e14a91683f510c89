package io.maximus.hcl.knowledge.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * A keyset-paging position: the (timestamp, id) of the last row of a page. Opaque to clients: base64url of
 * {@code s<epochSecond>.<microOfSecond>:uuid}, which spans every time PostgreSQL stores (its infinities included, see
 * {@link Times}). Tokens of the earlier form {@code epochMicros:uuid} are still read.
 *
 * @param timestamp event time of the last row returned
 * @param id id of the last row returned
 */
public record Cursor(Instant timestamp, UUID id) {

    /** The opaque token. */
    public String encode() {
        String t = "s" + timestamp.getEpochSecond() + "." + timestamp.getNano() / 1000;
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((t + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** Parses a token made by {@link #encode()}; throws {@link IllegalArgumentException} on anything else. */
    public static Cursor decode(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            int colon = s.indexOf(':');
            String t = s.substring(0, colon);
            Instant at;
            if (t.startsWith("s")) {
                int dot = t.indexOf('.');
                long micro = Long.parseLong(t.substring(dot + 1));
                if (micro < 0 || micro > 999_999) {
                    throw new IllegalArgumentException();
                }
                at = Instant.ofEpochSecond(Long.parseLong(t.substring(1, dot)), micro * 1000);
            } else {
                at = Instant.EPOCH.plus(Long.parseLong(t), ChronoUnit.MICROS);
            }
            return new Cursor(at, UUID.fromString(s.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed cursor");
        }
    }
}
