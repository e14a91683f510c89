package io.maximus.hcl.operators.types;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Serializes one value of an action's parameters (was Kryo): a tag, then the value. Strings, booleans, numbers
 * (int, long, double, float, short, byte, BigDecimal, BigInteger), lists and string-keyed maps of those keep their
 * type; any other value (none is made today) is written as its string, so a plan never fails the job.
 */
public final class ParamValueSerializer extends StreamSerializer<Object> {

    private static final long serialVersionUID = 1L;

    /** The one instance (stateless). */
    public static final ParamValueSerializer INSTANCE = new ParamValueSerializer();

    private static final int NULL = 0;
    private static final int STRING = 1;
    private static final int BOOLEAN = 2;
    private static final int INT = 3;
    private static final int LONG = 4;
    private static final int DOUBLE = 5;
    private static final int FLOAT = 6;
    private static final int SHORT = 7;
    private static final int BYTE = 8;
    private static final int DECIMAL = 9;
    private static final int BIG_INTEGER = 10;
    private static final int LIST = 11;
    private static final int MAP = 12;

    @Override
    void write(Object v, DataOutputView out) throws IOException {
        if (v == null) {
            out.writeByte(NULL);
        } else if (v instanceof String s) {
            out.writeByte(STRING);
            writeString(s, out);
        } else if (v instanceof Boolean b) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(b);
        } else if (v instanceof Integer i) {
            out.writeByte(INT);
            out.writeInt(i);
        } else if (v instanceof Long l) {
            out.writeByte(LONG);
            out.writeLong(l);
        } else if (v instanceof Double d) {
            out.writeByte(DOUBLE);
            out.writeDouble(d);
        } else if (v instanceof Float f) {
            out.writeByte(FLOAT);
            out.writeFloat(f);
        } else if (v instanceof Short s) {
            out.writeByte(SHORT);
            out.writeShort(s);
        } else if (v instanceof Byte b) {
            out.writeByte(BYTE);
            out.writeByte(b);
        } else if (v instanceof BigDecimal d) {
            out.writeByte(DECIMAL);
            writeString(d.toString(), out);
        } else if (v instanceof BigInteger i) {
            out.writeByte(BIG_INTEGER);
            writeString(i.toString(), out);
        } else if (v instanceof List<?> list) {
            out.writeByte(LIST);
            out.writeInt(list.size());
            for (Object e : list) {
                write(e, out);
            }
        } else if (v instanceof Map<?, ?> map) {
            out.writeByte(MAP);
            out.writeInt(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                writeString(String.valueOf(e.getKey()), out);
                write(e.getValue(), out);
            }
        } else {
            out.writeByte(STRING);
            writeString(v.toString(), out);
        }
    }

    @Override
    Object read(DataInputView in) throws IOException {
        int tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case STRING -> readString(in);
            case BOOLEAN -> in.readBoolean();
            case INT -> in.readInt();
            case LONG -> in.readLong();
            case DOUBLE -> in.readDouble();
            case FLOAT -> in.readFloat();
            case SHORT -> in.readShort();
            case BYTE -> in.readByte();
            case DECIMAL -> new BigDecimal(readString(in));
            case BIG_INTEGER -> new BigInteger(readString(in));
            case LIST -> {
                int n = in.readInt();
                List<Object> list = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    list.add(read(in));
                }
                yield list;
            }
            case MAP -> {
                int n = in.readInt();
                Map<String, Object> map = new LinkedHashMap<>();
                for (int i = 0; i < n; i++) {
                    String k = readString(in);
                    map.put(k, read(in));
                }
                yield map;
            }
            default -> throw new IOException("unknown parameter value tag " + tag);
        };
    }

    /** Strings of any length (writeUTF stops at 64 KB). */
    private static void writeString(String s, DataOutputView out) throws IOException {
        byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputView in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public Object copy(Object from) {
        // Strings, boxed numbers and booleans are immutable; lists and maps are copied through the format.
        return from instanceof List<?> || from instanceof Map<?, ?> ? super.copy(from) : from;
    }

    @Override
    public Object createInstance() {
        return null;
    }

    @Override
    public TypeSerializerSnapshot<Object> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Its snapshot: migrates from the Kryo snapshot of before. */
    public static final class Snapshot extends KryoMigratingSnapshot<Object> {
        @Override
        public TypeSerializer<Object> restoreSerializer() {
            return INSTANCE;
        }
    }
}
