package dev.fidel.vocabulary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The protocol buffer wire format, as much as a SentencePiece {@code ModelProto} needs: a message is
 * read into its fields in file order (unknown ones kept byte for byte) and written back the same way.
 */
final class Protobuf {

    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    /** One field as it lies on the wire: varints and fixed values as a long, the rest as bytes. */
    record Field(int number, int wireType, long value, byte[] bytes) {

        String string() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        float floatValue() {
            return Float.intBitsToFloat((int) value);
        }
    }

    private Protobuf() {
    }

    static List<Field> read(byte[] data) {
        List<Field> fields = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < data.length) {
            long tag = varint(data, pos);
            int number = (int) (tag >>> 3);
            int wireType = (int) (tag & 7);
            switch (wireType) {
                case VARINT -> fields.add(new Field(number, wireType, varint(data, pos), null));
                case FIXED64 -> {
                    need(data, pos, 8, number);
                    long v = 0;
                    for (int i = 0; i < 8; i++) {
                        v |= (data[pos[0] + i] & 0xFFL) << (8 * i);
                    }
                    pos[0] += 8;
                    fields.add(new Field(number, wireType, v, null));
                }
                case FIXED32 -> {
                    need(data, pos, 4, number);
                    long v = 0;
                    for (int i = 0; i < 4; i++) {
                        v |= (data[pos[0] + i] & 0xFFL) << (8 * i);
                    }
                    pos[0] += 4;
                    fields.add(new Field(number, wireType, v, null));
                }
                case LENGTH_DELIMITED -> {
                    // The length is untrusted: compared, as a long, with the bytes left before anything is allocated.
                    long declared = varint(data, pos);
                    int left = data.length - pos[0];
                    if (declared < 0 || declared > left) {
                        throw new IllegalArgumentException("field " + number + " at byte " + pos[0] + " declares "
                                + Long.toUnsignedString(declared) + " bytes but only " + left + " are left: the file is truncated or not a model");
                    }
                    int length = (int) declared;
                    byte[] bytes = new byte[length];
                    System.arraycopy(data, pos[0], bytes, 0, length);
                    pos[0] += length;
                    fields.add(new Field(number, wireType, 0, bytes));
                }
                default -> throw new IllegalArgumentException("unsupported wire type " + wireType + " at byte " + pos[0]);
            }
        }
        return fields;
    }

    private static void need(byte[] data, int[] pos, int bytes, int number) {
        if (data.length - pos[0] < bytes) {
            throw new IllegalArgumentException("field " + number + " at byte " + pos[0] + " needs " + bytes + " bytes, "
                    + (data.length - pos[0]) + " are left");
        }
    }

    private static long varint(byte[] data, int[] pos) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos[0] >= data.length) {
                throw new IllegalArgumentException("truncated varint at byte " + pos[0]);
            }
            byte b = data[pos[0]++];
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("malformed varint at byte " + pos[0]);
    }

    /** Writes fields in the order they are added. */
    static final class Writer {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Writer field(Field f) {
            return switch (f.wireType()) {
                case VARINT -> varint(f.number(), f.value());
                case FIXED32 -> fixed32(f.number(), (int) f.value());
                case LENGTH_DELIMITED -> bytes(f.number(), f.bytes());
                case FIXED64 -> {
                    tag(f.number(), FIXED64);
                    for (int i = 0; i < 8; i++) {
                        out.write((int) (f.value() >>> (8 * i)) & 0xFF);
                    }
                    yield this;
                }
                default -> throw new IllegalArgumentException("wire type " + f.wireType());
            };
        }

        Writer varint(int number, long value) {
            tag(number, VARINT);
            rawVarint(value);
            return this;
        }

        Writer bool(int number, boolean value) {
            return varint(number, value ? 1 : 0);
        }

        Writer floatField(int number, float value) {
            return fixed32(number, Float.floatToIntBits(value));
        }

        Writer string(int number, String value) {
            return bytes(number, value.getBytes(StandardCharsets.UTF_8));
        }

        Writer bytes(int number, byte[] value) {
            tag(number, LENGTH_DELIMITED);
            rawVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private Writer fixed32(int number, int bits) {
            tag(number, FIXED32);
            for (int i = 0; i < 4; i++) {
                out.write((bits >>> (8 * i)) & 0xFF);
            }
            return this;
        }

        private void tag(int number, int wireType) {
            rawVarint(((long) number << 3) | wireType);
        }

        private void rawVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                out.write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            out.write((int) value);
        }
    }
}
