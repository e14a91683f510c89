package io.maximus.hcl.operators.types;

import java.io.IOException;
import java.util.TreeSet;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes a {@code TreeSet<String>} in natural order (was Kryo): its size, then each string. Null-safe. */
public final class SortedStringSetSerializer extends StreamSerializer<TreeSet<String>> {

    private static final long serialVersionUID = 1L;

    /** The one instance (stateless). */
    public static final SortedStringSetSerializer INSTANCE = new SortedStringSetSerializer();

    @Override
    void write(TreeSet<String> value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(value.size());
        for (String s : value) {
            out.writeUTF(s);
        }
    }

    @Override
    TreeSet<String> read(DataInputView in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        TreeSet<String> set = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            set.add(in.readUTF());
        }
        return set;
    }

    @Override
    public TreeSet<String> copy(TreeSet<String> from) {
        return from == null ? null : new TreeSet<>(from);
    }

    @Override
    public TreeSet<String> createInstance() {
        return new TreeSet<>();
    }

    @Override
    public TypeSerializerSnapshot<TreeSet<String>> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Its snapshot: migrates from the Kryo snapshot of before. */
    public static final class Snapshot extends KryoMigratingSnapshot<TreeSet<String>> {
        @Override
        public TypeSerializer<TreeSet<String>> restoreSerializer() {
            return INSTANCE;
        }
    }
}
