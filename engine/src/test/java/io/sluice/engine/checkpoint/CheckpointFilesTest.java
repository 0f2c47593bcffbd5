package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The envelope of checkpoint files: every damage is refused with the file's name and the problem. */
class CheckpointFilesTest {
  private static final byte[] PAYLOAD = "the state of an operator".getBytes(StandardCharsets.UTF_8);

  private static String refusal(byte[] file, String kind, int newest) {
    SluiceException e = assertThrows(SluiceException.class, () -> CheckpointFiles.decode("ckpt/commits/7", file, kind,
        newest));
    assertEquals(ErrorCode.CHECKPOINT_ERROR, e.code());
    assertTrue(e.getMessage().startsWith("Checkpoint file ckpt/commits/7 "), e.getMessage());
    return e.getMessage();
  }

  @Test
  void aFileReadsBackItsPayloadAndVersion() {
    CheckpointFiles.Payload p = CheckpointFiles.decode("f", CheckpointFiles.encode("commit", 2, PAYLOAD), "commit", 3);
    assertEquals(2, p.version());
    assertArrayEquals(PAYLOAD, p.bytes());
  }

  @Test
  void everyFlippedBitIsDetected() {
    byte[] file = CheckpointFiles.encode("commit", 1, PAYLOAD);
    for (int i = 0; i < file.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] damaged = file.clone();
        damaged[i] ^= (byte) (1 << bit);
        refusal(damaged, "commit", 1);
      }
    }
  }

  @Test
  void everyTruncationIsDetectedAsSuch() {
    byte[] file = CheckpointFiles.encode("commit", 1, PAYLOAD);
    for (int length = 0; length < file.length; length++) {
      String message = refusal(Arrays.copyOf(file, length), "commit", 1);
      assertTrue(length < 6 || message.contains("truncated"), length + ": " + message);
    }
    assertTrue(refusal(Arrays.copyOf(file, file.length + 3), "commit", 1).contains("3 bytes after its end"));
  }

  @Test
  void otherKindsNewerFormatsAndForeignFilesAreRefusedSayingWhy() {
    assertTrue(refusal(CheckpointFiles.encode("offsets", 1, PAYLOAD), "commit", 1)
        .contains("is a offsets file where a commit file belongs"));
    assertTrue(refusal(CheckpointFiles.encode("commit", 4, PAYLOAD), "commit", 3)
        .contains("has format version 4 of commit files, newer than this build of Sluice reads (3)"));
    assertTrue(refusal("{\"batch\": 7}\n".getBytes(StandardCharsets.UTF_8), "commit", 1)
        .contains("is not a Sluice checkpoint file"));
    assertTrue(refusal(new byte[0], "commit", 1).contains("is empty"));
  }

  @Test
  void aWriteGoesToATemporaryNameThatIsRenamedIntoPlaceAndTheFolderSynced() throws Exception {
    MemoryCheckpointFileSystem fs = new MemoryCheckpointFileSystem();
    CheckpointFiles.write(fs, "commits/7", CheckpointFiles.encode("commit", 1, PAYLOAD));
    assertEquals(4, fs.steps().size());
    assertTrue(fs.steps().get(0).matches("write commits/\\.7\\.[0-9a-f]+\\.tmp"), fs.steps().toString());
    assertTrue(fs.steps().get(1).startsWith("sync commits/.7."), fs.steps().toString());
    assertTrue(fs.steps().get(2).matches("rename commits/\\.7\\.[0-9a-f]+\\.tmp -> commits/7"), fs.steps().toString());
    assertEquals("sync folder commits/", fs.steps().get(3));
    fs.crash();
    assertArrayEquals(PAYLOAD, CheckpointFiles.read(fs, "commits/7", "commit", 1).bytes(), "durable after a crash");
  }
}
