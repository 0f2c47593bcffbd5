package io.sluice.catalog;

import java.util.Locale;

/**
 * What a catalog name may hold: any Unicode text except control characters (a newline or NUL
 * in a table name made a table that could be created but not used, and garbles every listing
 * that prints it) and halves of a surrogate pair (they are no character, and no file can store
 * them).
 */
public final class Names {
  /**
   * The longest name a query can use (Calcite's parser refuses longer identifiers), in UTF-16
   * units as it counts them: a longer table name could be created but never queried.
   */
  public static final int MAX_LENGTH = 128;

  private Names() {}

  /** Why {@code name} cannot name a table or column, or null if it can. */
  public static String problem(String name) {
    if (name.length() > MAX_LENGTH) {
      return "is " + name.length() + " characters long; a name may have at most " + MAX_LENGTH;
    }
    for (int i = 0; i < name.length(); ) {
      int codePoint = name.codePointAt(i);
      if (Character.isISOControl(codePoint)) {
        return "contains the control character " + codePoint(codePoint) + " at character " + (i + 1);
      }
      i += Character.charCount(codePoint);
    }
    int lone = loneSurrogate(name);
    if (lone >= 0) {
      return "contains a lone surrogate " + codePoint(name.charAt(lone)) + " at character " + (lone + 1)
          + ", which is no character";
    }
    return null;
  }

  /**
   * The index of the first half of a surrogate pair in {@code text} that has no other half, or -1.
   * Such a char is no Unicode character: UTF-8 has no form for it (Java's encoder writes '?').
   */
  public static int loneSurrogate(CharSequence text) {
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
        continue;
      }
      return i;
    }
    return -1;
  }

  /**
   * Refuses text with a lone surrogate (SQLSTATE 22021, as PostgreSQL refuses text its encoding
   * cannot hold), saying where: {@code what} names the value ("Parameter 2").
   */
  public static void checkCharacters(String what, CharSequence text) {
    int lone = loneSurrogate(text);
    if (lone >= 0) {
      throw new SluiceException(ErrorCode.CHARACTER_NOT_IN_REPERTOIRE, what + " holds a lone surrogate "
          + codePoint(text.charAt(lone)) + " at character " + (lone + 1) + ", which is no Unicode character"
          + " (a supplementary character needs both halves of its pair)");
    }
  }

  /** Refuses a name {@link #problem} finds fault with, saying what kind of name it is. */
  public static void check(String what, String name) {
    String problem = problem(name);
    if (problem != null) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR,
          "Invalid " + what + " name '" + printable(name.length() > 60 ? name.substring(0, 60) + "..." : name)
              + "': it " + problem);
    }
  }

  /** The table and every column of its schema. */
  public static void check(TableDefinition definition) {
    check(definition.kind().label().toLowerCase(Locale.ROOT), definition.name());
    for (Column column : definition.schema().columns()) {
      check("column", column.name());
    }
  }

  /** {@code name} with control characters shown as U+XXXX, so that a message prints on one line. */
  public static String printable(String name) {
    StringBuilder sb = new StringBuilder(name.length());
    name.codePoints().forEach(c -> {
      if (Character.isISOControl(c) || Character.isSurrogate((char) c) && c <= 0xFFFF) {
        sb.append("<").append(codePoint(c)).append(">");
      } else {
        sb.appendCodePoint(c);
      }
    });
    return sb.toString();
  }

  private static String codePoint(int codePoint) {
    return String.format(Locale.ROOT, "U+%04X", codePoint);
  }
}
