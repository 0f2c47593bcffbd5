package io.sluice.engine.checkpoint;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading and writing the parts checkpoint records share. */
final class Records {
  private Records() {}

  static void writeStrings(DataOutput out, Map<String, String> map) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<String, String> e : map.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
    }
  }

  static Map<String, String> readStrings(DataInput in) throws IOException {
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = count(in); i > 0; i--) {
      map.put(in.readUTF(), in.readUTF());
    }
    return map;
  }

  static void writeLongs(DataOutput out, Map<String, Long> map) throws IOException {
    out.writeInt(map.size());
    for (Map.Entry<String, Long> e : map.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeLong(e.getValue());
    }
  }

  static Map<String, Long> readLongs(DataInput in) throws IOException {
    Map<String, Long> map = new LinkedHashMap<>();
    for (int i = count(in); i > 0; i--) {
      map.put(in.readUTF(), in.readLong());
    }
    return map;
  }

  static int count(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 24) {
      throw new IOException("an invalid count " + n);
    }
    return n;
  }
}
