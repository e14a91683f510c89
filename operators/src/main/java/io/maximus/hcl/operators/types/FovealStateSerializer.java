package io.maximus.hcl.operators.types;

import io.maximus.hcl.models.attention.FovealState;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** Serializes the attention tier's {@link FovealState} (was Kryo): the fields in {@link FovealState#writeTo}. */
public final class FovealStateSerializer extends StreamSerializer<FovealState> {

    private static final long serialVersionUID = 1L;

    /** The one instance (stateless). */
    public static final FovealStateSerializer INSTANCE = new FovealStateSerializer();

    @Override
    void write(FovealState value, DataOutputView out) throws IOException {
        value.writeTo(out);
    }

    @Override
    FovealState read(DataInputView in) throws IOException {
        return FovealState.readFrom(in);
    }

    @Override
    public FovealState createInstance() {
        return new FovealState();
    }

    @Override
    public TypeSerializerSnapshot<FovealState> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Its snapshot: migrates from the Kryo snapshot of before. */
    public static final class Snapshot extends KryoMigratingSnapshot<FovealState> {
        @Override
        public TypeSerializer<FovealState> restoreSerializer() {
            return INSTANCE;
        }
    }
}
