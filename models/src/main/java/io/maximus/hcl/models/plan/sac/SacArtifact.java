package io.maximus.hcl.models.plan.sac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * A versioned SAC plan-policy artifact: a directory with {@code actor.bin} (layer count, layer sizes, then each
 * layer's weights and biases as big-endian float32) and {@code manifest.json} (kind, format, version, creation time,
 * SHA-256 of {@code actor.bin}, observation feature names, action meaning, training parameters and metrics).
 * {@link #load} refuses a missing file, a checksum that differs from the manifest, and features that differ from
 * {@link SacFeatures#NAMES}.
 */
public final class SacArtifact {

    /** Artifact kind written in and required from the manifest. */
    public static final String KIND = "hcl-plan-sac";
    /** Manifest format version. */
    public static final int FORMAT = 1;
    /** The weights file. */
    public static final String ACTOR_FILE = "actor.bin";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SacArtifact() {}

    /** Writes the artifact; returns the manifest written. */
    public static ObjectNode save(
            Path dir, SacActor actor, String version, Map<String, Object> params, Map<String, Object> metrics)
            throws IOException {
        Files.createDirectories(dir);
        byte[] bin = encode(actor);
        Files.write(dir.resolve(ACTOR_FILE), bin);
        ObjectNode m = MAPPER.createObjectNode();
        m.put("kind", KIND);
        m.put("format", FORMAT);
        m.put("version", version);
        m.put("created", Instant.now().toString());
        m.put("actor", ACTOR_FILE);
        m.put("actor_sha256", sha256(bin));
        m.set("layer_sizes", MAPPER.valueToTree(actor.sizes()));
        m.set("feature_names", MAPPER.valueToTree(SacFeatures.NAMES));
        m.put(
                "action",
                "tanh-squashed; a0 -> target utilization " + SacFeatures.MIN_TARGET + ".." + SacFeatures.MAX_TARGET
                        + " of max(demand, forecast) + backlog/step; a1 -> CPU limit " + SacFeatures.MIN_CPU + "..1");
        m.set("parameters", MAPPER.valueToTree(new TreeMap<>(params)));
        m.set("metrics", MAPPER.valueToTree(metrics));
        Files.writeString(dir.resolve("manifest.json"), MAPPER.writeValueAsString(m));
        return m;
    }

    /**
     * Loads and checks an artifact.
     *
     * @throws IllegalStateException with a clear message if anything is missing or does not match
     */
    public static SacActor load(Path dir) {
        Path manifest = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException("SAC plan artifact missing: no manifest.json in " + dir.toAbsolutePath()
                    + " (train one with 'hcl train plan --out DIR')");
        }
        try {
            JsonNode m = MAPPER.readTree(manifest.toFile());
            if (!KIND.equals(m.path("kind").asText()) || m.path("format").asInt() != FORMAT) {
                throw new IllegalStateException("not a " + KIND + " format " + FORMAT + " manifest: " + manifest);
            }
            String[] names = MAPPER.convertValue(m.path("feature_names"), String[].class);
            if (!Arrays.equals(names, SacFeatures.NAMES)) {
                throw new IllegalStateException("SAC artifact " + dir + " was trained on features "
                        + Arrays.toString(names) + ", this build computes " + Arrays.toString(SacFeatures.NAMES));
            }
            Path file = dir.resolve(m.path("actor").asText(ACTOR_FILE));
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("SAC artifact incomplete: " + file + " is missing");
            }
            byte[] bin = Files.readAllBytes(file);
            String sha = sha256(bin);
            if (!sha.equals(m.path("actor_sha256").asText())) {
                throw new IllegalStateException("SAC actor " + file + " does not match its manifest (sha256 " + sha
                        + ", manifest says " + m.path("actor_sha256").asText() + ")");
            }
            return decode(bin);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read SAC artifact " + dir, e);
        }
    }

    /** Where the shipped artifact ({@code models/artifacts/plan-sac}) is on the class path. */
    public static final String BUNDLED = "hcl-artifacts/plan-sac/";

    /** Loads and checks the shipped artifact from the class path (via a temporary copy). */
    public static SacActor loadBundled() {
        ClassLoader cl = SacArtifact.class.getClassLoader();
        try {
            Path tmp = Files.createTempDirectory("hcl-plan-sac");
            try {
                for (String name : new String[] {"manifest.json", ACTOR_FILE}) {
                    try (java.io.InputStream in = cl.getResourceAsStream(BUNDLED + name)) {
                        if (in == null) {
                            throw new IllegalStateException("no SAC plan artifact on the class path (" + BUNDLED + name
                                    + "); set plan.sac.model to a directory from 'hcl train plan'");
                        }
                        Files.copy(in, tmp.resolve(name));
                    }
                }
                return load(tmp);
            } finally {
                try (var files = Files.list(tmp)) {
                    for (Path f : files.toList()) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled SAC artifact", e);
        }
    }

    /** The version recorded in an artifact's manifest. */
    public static String version(Path dir) {
        try {
            return MAPPER.readTree(dir.resolve("manifest.json").toFile())
                    .path("version")
                    .asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(SacActor actor) {
        try (ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                DataOutputStream out = new DataOutputStream(bytes)) {
            int[] sizes = actor.sizes();
            out.writeInt(sizes.length);
            for (int s : sizes) {
                out.writeInt(s);
            }
            for (int l = 0; l < sizes.length - 1; l++) {
                for (float w : actor.weights(l)) {
                    out.writeFloat(w);
                }
                for (float b : actor.biases(l)) {
                    out.writeFloat(b);
                }
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static SacActor decode(byte[] bin) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bin))) {
            int n = in.readInt();
            if (n < 2 || n > 16) {
                throw new IOException("bad layer count " + n);
            }
            int[] sizes = new int[n];
            for (int i = 0; i < n; i++) {
                sizes[i] = in.readInt();
                if (sizes[i] < 1 || sizes[i] > 4096) {
                    throw new IOException("bad layer size " + sizes[i]);
                }
            }
            float[][] w = new float[n - 1][];
            float[][] b = new float[n - 1][];
            for (int l = 0; l < n - 1; l++) {
                w[l] = new float[sizes[l + 1] * sizes[l]];
                for (int i = 0; i < w[l].length; i++) {
                    w[l][i] = in.readFloat();
                }
                b[l] = new float[sizes[l + 1]];
                for (int i = 0; i < b[l].length; i++) {
                    b[l][i] = in.readFloat();
                }
            }
            return new SacActor(sizes, w, b);
        }
    }

    /** Hex SHA-256 of bytes. */
    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
