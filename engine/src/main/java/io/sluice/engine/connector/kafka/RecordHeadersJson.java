package io.sluice.engine.connector.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.catalog.data.BytesVector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * A record's headers as the text of the {@code _headers} metadata column: a JSON object of each
 * header's name and its value read as UTF-8 ({@code null} for a header without a value), in the
 * record's order; a record without headers gives NULL. A name that repeats keeps every value,
 * as repeated fields, so nothing is lost (JSON readers keep the last). One per batch reader; the
 * buffer is reused.
 */
final class RecordHeadersJson {
  private static final JsonFactory JSON = new JsonFactory();

  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(128);
  private final JsonGenerator generator;

  RecordHeadersJson() {
    try {
      generator = JSON.createGenerator(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    generator.setRootValueSeparator(null);
  }

  void write(Headers headers, BytesVector column, int row) {
    Header[] all = headers.toArray();
    if (all.length == 0) {
      column.setNullAt(row);
      return;
    }
    try {
      generator.writeStartObject();
      for (Header header : all) {
        generator.writeFieldName(header.key());
        if (header.value() == null) {
          generator.writeNull();
        } else {
          generator.writeString(new String(header.value(), StandardCharsets.UTF_8));
        }
      }
      generator.writeEndObject();
      generator.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // writing to memory
    }
    byte[] text = buffer.toByteArray();
    buffer.reset();
    column.set(row, text);
  }
}
