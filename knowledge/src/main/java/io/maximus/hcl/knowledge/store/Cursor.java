package io.maximus.hcl.knowledge.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * A keyset-paging position: the (timestamp, id) of the last row of a page. Opaque to clients
 * (base64url of {@code epochMicros:uuid}).
 *
 * @param timestamp event time of the last row returned
 * @param id id of the last row returned
 */
public record Cursor(Instant timestamp, UUID id) {

    /** The opaque token. */
    public String encode() {
        long micros = ChronoUnit.MICROS.between(Instant.EPOCH, timestamp);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
    }

    /** Parses a token made by {@link #encode()}; throws {@link IllegalArgumentException} on anything else. */
    public static Cursor decode(String token) {
        try {
            String s = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            int colon = s.indexOf(':');
            long micros = Long.parseLong(s.substring(0, colon));
            return new Cursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), UUID.fromString(s.substring(colon + 1)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("malformed cursor");
        }
    }
}
