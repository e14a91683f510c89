package io.maximus.hcl.operators.types;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The snapshot of a {@link StreamSerializer} (no parameters): compatible as is with itself, compatible after
 * migration with the Kryo snapshot of the type it replaced (Flink then reads the old state with Kryo and writes it
 * with the new serializer), incompatible with anything else.
 */
abstract class KryoMigratingSnapshot<T> implements TypeSerializerSnapshot<T> {

    /** The format version of the serializer; a change of {@code write}/{@code read} needs a new one and a reader. */
    static final int VERSION = 1;

    @Override
    public int getCurrentVersion() {
        return VERSION;
    }

    @Override
    public void writeSnapshot(DataOutputView out) {}

    @Override
    public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
        if (readVersion != VERSION) {
            throw new IOException(getClass().getName() + ": unknown version " + readVersion);
        }
    }

    @Override
    public abstract TypeSerializer<T> restoreSerializer();

    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
        if (old.getClass() == getClass()) {
            return TypeSerializerSchemaCompatibility.compatibleAsIs();
        }
        if (old instanceof KryoSerializerSnapshot) {
            return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
        return TypeSerializerSchemaCompatibility.incompatible();
    }
}
