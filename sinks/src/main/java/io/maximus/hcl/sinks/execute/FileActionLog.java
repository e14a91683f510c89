package io.maximus.hcl.sinks.execute;

import com.fasterxml.jackson.databind.JsonNode;
import io.maximus.hcl.core.ActionResult;
import io.maximus.hcl.core.Json;
import io.maximus.hcl.sinks.actuate.Execution;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link ActionLog} in a directory: a claim is a file created with {@code CREATE_NEW} (atomic on POSIX file
 * systems, so two attempts can never both own a key), the intent and the outcome further files written aside, forced to disk and
 * renamed into place atomically. File names are SHA-256 hashes of the keys. Good for one task manager, the demo and
 * tests; a cluster uses {@link JdbcActionLog}.
 */
public final class FileActionLog implements ActionLog {

    private final Path dir;

    /** A log in {@code dir} (created if missing). */
    public FileActionLog(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    @Override
    public Optional<Entry> claim(String key) throws IOException {
        Path claim = dir.resolve(name(key) + ".claim");
        try (FileChannel ch = FileChannel.open(claim, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
            return Optional.empty();
        } catch (FileAlreadyExistsException e) {
            Path done = dir.resolve(name(key) + ".done");
            if (!Files.exists(done)) {
                Path intent = dir.resolve(name(key) + ".intent");
                return Optional.of(
                        new Entry(key, State.CLAIMED, "", "", Files.exists(intent) ? Files.readString(intent) : ""));
            }
            JsonNode n = Json.MAPPER.readTree(Files.readString(done));
            return Optional.of(new Entry(
                    key,
                    State.DONE,
                    n.path("result").asText(""),
                    n.path("execution").asText("")));
        }
    }

    @Override
    public void intend(String key, String actionJson) throws IOException {
        write(dir.resolve(name(key) + ".intent"), actionJson);
    }

    @Override
    public void complete(String key, ActionResult result, Execution execution) throws IOException {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("key", key);
        body.put("result", Json.write(result));
        body.put("execution", execution == null ? "" : Json.write(execution));
        write(dir.resolve(name(key) + ".done"), Json.write(body));
    }

    /** Writes aside, forces to disk and renames into place atomically. */
    private static void write(Path target, String text) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    }

    private static String name(String key) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
