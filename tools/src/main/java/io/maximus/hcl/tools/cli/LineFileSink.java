package io.maximus.hcl.tools.cli;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Appends lines to one local file (or standard output when the path is null); for {@code hcl replay}, which always
 * runs on a local cluster in this JVM. Run it with parallelism 1. Written here rather than using Flink's FileSink
 * because a replay wants one plain file, not a directory of part files, and the collect sink loses its last batch
 * when a bounded local job shuts its cluster down.
 */
final class LineFileSink implements Sink<String> {

    private static final long serialVersionUID = 1L;
    private final String path;

    LineFileSink(String path) {
        this.path = path;
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) throws IOException {
        Writer w = path == null
                ? new OutputStreamWriter(new FileOutputStream(java.io.FileDescriptor.out), StandardCharsets.UTF_8)
                : new OutputStreamWriter(new FileOutputStream(path), StandardCharsets.UTF_8);
        BufferedWriter out = new BufferedWriter(w, 1 << 16);
        return new SinkWriter<>() {
            @Override
            public void write(String line, Context ctx) throws IOException {
                out.write(line);
                out.write('\n');
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.flush();
                if (path != null) {
                    out.close();
                }
            }
        };
    }
}
