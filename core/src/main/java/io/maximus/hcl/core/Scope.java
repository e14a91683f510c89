package io.maximus.hcl.core;

import java.util.Objects;

/** What a piece of analysis or a decision is about: a service, and optionally one host of it. */
public record Scope(String service, String host) {

    public Scope {
        Objects.requireNonNull(service, "service");
    }

    /** A scope covering a whole service (no single host). */
    public static Scope service(String service) {
        return new Scope(service, null);
    }

    /** The key used for keyed streams and idempotency keys: {@code service} or {@code service/host}. */
    public String key() {
        return host == null ? service : service + "/" + host;
    }
}
