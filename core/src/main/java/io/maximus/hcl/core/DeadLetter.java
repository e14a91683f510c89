package io.maximus.hcl.core;

/**
 * A telemetry record that could not be used, as written to {@code system.telemetry.dlq}.
 *
 * <p>Make one with {@link #of} (or the three-argument constructor, which keeps {@link #DEFAULT_MAX_RAW_BYTES}): the
 * raw text is cut to a bounded number of UTF-8 bytes, so a dead letter always fits in a Kafka message (even with
 * every char escaped as {@code \\uXXXX} in JSON, 64 KiB of text stays under 400 KiB), and unpaired surrogates, which
 * no UTF-8 writer can encode, become U+FFFD.
 *
 * @param raw the record as received, or its first {@code maxRawBytes} bytes of UTF-8 when {@code truncated}
 * @param reason why it was rejected, in words (at most 1000 chars; the parser's never echo more than 60 chars of
 *     the input)
 * @param receivedAt processing time at rejection, epoch milliseconds
 * @param truncated whether {@code raw} is only the beginning of the record
 * @param originalLength the length of the record as received, in UTF-8 bytes
 */
public record DeadLetter(String raw, String reason, long receivedAt, boolean truncated, long originalLength) {

    /** The default most bytes of raw text kept: 64 KiB. */
    public static final int DEFAULT_MAX_RAW_BYTES = 64 * 1024;

    /** The longest reason kept, in chars. */
    private static final int MAX_REASON = 1000;

    /** A dead letter keeping at most {@link #DEFAULT_MAX_RAW_BYTES} of the raw record. */
    public DeadLetter(String raw, String reason, long receivedAt) {
        this(of(raw, reason, receivedAt, DEFAULT_MAX_RAW_BYTES));
    }

    private DeadLetter(DeadLetter d) {
        this(d.raw, d.reason, d.receivedAt, d.truncated, d.originalLength);
    }

    /** A dead letter keeping at most {@code maxRawBytes} UTF-8 bytes of {@code raw} (null counts as empty). */
    public static DeadLetter of(String raw, String reason, long receivedAt, int maxRawBytes) {
        String text = raw == null ? "" : raw;
        StringBuilder kept = new StringBuilder(Math.min(text.length(), maxRawBytes));
        long bytes = 0;
        boolean cut = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int width;
            String out;
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                width = 4;
                out = text.substring(i, i + 2);
                i++;
            } else if (Character.isSurrogate(c)) {
                width = 3;
                out = "\uFFFD";
            } else {
                width = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
                out = null;
            }
            if (!cut && bytes + width > maxRawBytes) {
                cut = true;
            }
            if (!cut) {
                if (out == null) {
                    kept.append(c);
                } else {
                    kept.append(out);
                }
            }
            bytes += width;
        }
        String why = reason == null
                ? "unknown"
                : reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON - 3) + "...";
        return new DeadLetter(kept.toString(), why, receivedAt, cut, bytes);
    }
}
