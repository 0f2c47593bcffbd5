package io.sluice.runtime.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.catalog.SluiceException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncodingsTest {
  /** DECODE's UTF-8 check agrees with the JDK's decoder on random bytes biased to UTF-8's lead and continuation bytes. */
  @Test
  void utf8CheckAgreesWithTheJdk() {
    Random random = new Random(15);
    int[] interesting = {0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff,
        0x9f, 0xa0, 0x8f, 0x90};
    for (int round = 0; round < 200_000; round++) {
      byte[] b = new byte[1 + random.nextInt(6)];
      for (int i = 0; i < b.length; i++) {
        b[i] = (byte) (random.nextBoolean() ? interesting[random.nextInt(interesting.length)] : random.nextInt(256));
      }
      assertEquals(jdkSaysUtf8(b), Encodings.isUtf8(b, b.length), () -> java.util.HexFormat.of().formatHex(b));
    }
  }

  private static boolean jdkSaysUtf8(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void encodeAndDecodeRoundTripEveryFormat() {
    byte[] text = "sluice, é ☃ \\ 𝄞".getBytes(StandardCharsets.UTF_8);
    for (String format : new String[] {"base64", "hex", "escape"}) {
      Scratch encoded = new Scratch();
      byte[] f = format.getBytes(StandardCharsets.US_ASCII);
      int length = Encodings.encode(text, 0, text.length, f, 0, f.length, encoded);
      Scratch decoded = new Scratch();
      int back = Encodings.decode(encoded.buf, 0, length, f, 0, f.length, decoded);
      assertEquals(new String(text, StandardCharsets.UTF_8), new String(decoded.buf, 0, back, StandardCharsets.UTF_8),
          format);
    }
  }

  @Test
  void decodingBytesThatAreNotTextIsAnError() {
    byte[] hex = "c328".getBytes(StandardCharsets.US_ASCII);
    byte[] f = "hex".getBytes(StandardCharsets.US_ASCII);
    SluiceException e = assertThrows(SluiceException.class,
        () -> Encodings.decode(hex, 0, hex.length, f, 0, f.length, new Scratch()));
    assertEquals(true, e.getMessage().contains("not UTF-8"), e.getMessage());
  }
}
