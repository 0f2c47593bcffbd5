package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TableRendererTest {

  @Test
  void drawsABoxWithNumbersOnTheRight() {
    String table = new TableRenderer(0).format(new String[] {"id", "name", "price"},
        new boolean[] {true, false, true},
        List.of(new String[] {"1", "kettle", "29.90"}, new String[] {"12", "NULL", "3.10"}));
    assertEquals(String.join("\n",
        "┌────┬────────┬───────┐",
        "│ id │ name   │ price │",
        "├────┼────────┼───────┤",
        "│  1 │ kettle │ 29.90 │",
        "│ 12 │ NULL   │  3.10 │",
        "└────┴────────┴───────┘",
        ""), table);
  }

  @Test
  void emptyResultsStillShowTheHeader() {
    String table = new TableRenderer(0).format(new String[] {"x"}, new boolean[] {false}, List.of());
    assertEquals("┌───┐\n│ x │\n├───┤\n└───┘\n", table);
  }

  @Test
  void longValuesAreCutWhenALimitIsSet() {
    String table = new TableRenderer(5).format(new String[] {"t"}, new boolean[] {false},
        List.<String[]>of(new String[] {"abcdefghij"}));
    assertEquals("┌───────┐\n│ t     │\n├───────┤\n│ abcd… │\n└───────┘\n", table);
  }

  @Test
  void wideCharactersTakeTwoColumns() {
    assertEquals(4, TableRenderer.width("日本"));
    String table = new TableRenderer(0).format(new String[] {"c"}, new boolean[] {false},
        List.<String[]>of(new String[] {"日本"}, new String[] {"ab"}));
    assertEquals("┌──────┐\n│ c    │\n├──────┤\n│ 日本 │\n│ ab   │\n└──────┘\n", table);
  }

  @Test
  void controlCharactersAreEscaped() {
    assertEquals("a\\nb\\tc", TableRenderer.clean("a\nb\tc"));
    assertEquals("plain", TableRenderer.clean("plain"));
  }
}
