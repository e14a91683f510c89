package io.maximus.hcl.operators.types;

import io.maximus.hcl.models.attention.PeripheralState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes the attention tier's {@link PeripheralState} (was Kryo): the fields in {@link PeripheralState#writeTo}. */
public final class PeripheralStateSerializer extends StreamSerializer<PeripheralState> {

    private static final long serialVersionUID = 1L;

    /** The one instance (stateless). */
    public static final PeripheralStateSerializer INSTANCE = new PeripheralStateSerializer();

    @Override
    void write(PeripheralState value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    PeripheralState read(DataInputView in) throws IOException {
        return PeripheralState.readFrom(in);
    }

    @Override
    public PeripheralState createInstance() {
        return new PeripheralState();
    }

    @Override
    public TypeSerializerSnapshot<PeripheralState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Its snapshot: migrates from the Kryo snapshot of before. */
    public static final class Snapshot extends KryoMigratingSnapshot<PeripheralState> {
        @Override
        public TypeSerializer<PeripheralState> restoreSerializer() {
            return INSTANCE;
        }
    }
}
