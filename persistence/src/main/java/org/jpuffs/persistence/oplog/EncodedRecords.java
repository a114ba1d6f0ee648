package org.jpuffs.persistence.oplog;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Op-log records that a saved window carries but a normal recovery does not read: those a server snapshot already
 * covers, kept only for a fallback to an older snapshot. They are written as one opaque CBOR byte string (with their
 * count and last seq beside it) and read back as those bytes; they are decoded the first time {@link #records()} is
 * called, which a recovery from the newest snapshot never does. Decoding them was half of what a restart spent
 * reading the op log back (performance.md, "Session 15").
 *
 * <p>Written by hand: Jackson has no lazily decoded field. The mapper that writes or reads the saved window (Pekko's
 * {@code jackson-cbor}) is the one that encodes and later decodes the records, so they keep its configuration.
 */
@JsonSerialize(using = EncodedRecords.Writer.class)
@JsonDeserialize(using = EncodedRecords.Reader.class)
public final class EncodedRecords {

  /** No records. */
  public static final EncodedRecords NONE = new EncodedRecords(List.of(), 0, null, null);

  private static final TypeReference<List<OpRecord>> LIST = new TypeReference<>() {};

  private final int count;
  private final long lastSeq;
  private final byte[] encoded;
  private final ObjectCodec codec;
  private List<OpRecord> decoded;

  private EncodedRecords(List<OpRecord> decoded, long lastSeq, byte[] encoded, ObjectCodec codec) {
    this.decoded = decoded;
    this.count = decoded != null ? decoded.size() : -1;
    this.lastSeq = lastSeq;
    this.encoded = encoded;
    this.codec = codec;
  }

  private EncodedRecords(int count, long lastSeq, byte[] encoded, ObjectCodec codec) {
    this.count = count;
    this.lastSeq = lastSeq;
    this.encoded = encoded;
    this.codec = codec;
  }

  /** {@code records} (in seq order), to be encoded when the saved window is written. */
  public static EncodedRecords of(List<OpRecord> records) {
    if (records.isEmpty()) {
      return NONE;
    }
    return new EncodedRecords(List.copyOf(records), records.get(records.size() - 1).seq(), null, null);
  }

  /** How many records there are, without decoding them. */
  public int count() {
    return count;
  }

  /** The seq of the last record (0 if none), without decoding them. */
  public long lastSeq() {
    return lastSeq;
  }

  /** Whether there are none. */
  public boolean isEmpty() {
    return count == 0;
  }

  /** Whether the records are still only bytes. */
  public synchronized boolean isEncoded() {
    return decoded == null;
  }

  /** The records, in seq order; the first call decodes them. */
  public synchronized List<OpRecord> records() {
    if (decoded == null) {
      try (JsonParser parser = codec.getFactory().createParser(encoded)) {
        decoded = List.copyOf(codec.readValue(parser, LIST));
      } catch (IOException e) {
        throw new UncheckedIOException("saved op-log records cannot be decoded", e);
      }
    }
    return decoded;
  }

  /** Writes {@code [count, lastSeq, bytes]}: the records encoded by the generator's own mapper. */
  static final class Writer extends JsonSerializer<EncodedRecords> {
    @Override
    public void serialize(EncodedRecords value, JsonGenerator gen, SerializerProvider provider) throws IOException {
      byte[] bytes = value.isEncoded() ? value.encoded
          : ((ObjectMapper) gen.getCodec()).writerFor(LIST).writeValueAsBytes(value.records());
      gen.writeStartArray();
      gen.writeNumber(value.count);
      gen.writeNumber(value.lastSeq);
      gen.writeBinary(bytes);
      gen.writeEndArray();
    }
  }

  /** Reads {@code [count, lastSeq, bytes]} and keeps the bytes with the parser's mapper to decode them later. */
  static final class Reader extends JsonDeserializer<EncodedRecords> {
    @Override
    public EncodedRecords deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        return ctx.reportInputMismatch(EncodedRecords.class, "saved op-log records: expected an array");
      }
      p.nextToken();
      int count = p.getIntValue();
      p.nextToken();
      long lastSeq = p.getLongValue();
      p.nextToken();
      byte[] bytes = p.getBinaryValue();
      if (p.nextToken() != JsonToken.END_ARRAY) {
        return ctx.reportInputMismatch(EncodedRecords.class, "saved op-log records: expected the array's end");
      }
      return count == 0 ? NONE : new EncodedRecords(count, lastSeq, bytes, p.getCodec());
    }
  }
}
