package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.BOOLEAN;
import static io.sluice.runtime.kernel.TestRows.DOUBLE;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValuesSourceTest {
  @Test
  void rowsBecomeBatches() {
    List<DataType> types = List.of(BIGINT, DOUBLE, VARCHAR, BOOLEAN, DataType.decimal(10, 2));
    List<List<Object>> rows = new ArrayList<>();
    rows.add(row(1L, 2.5, "x", true, 1234L));
    rows.add(row(null, null, null, null, null));
    rows.add(row(3, 4, "y".getBytes(java.nio.charset.StandardCharsets.UTF_8), false, -5L));
    ValuesSource source = new ValuesSource(types, rows, 2);
    TestRows.Collector out = new TestRows.Collector();
    source.emit(out);
    assertEquals(2, out.batches);
    assertEquals(List.of(row(1L, 2.5, "x", true, 1234L), row(null, null, null, null, null),
        row(3L, 4.0, "y", false, -5L)), out.rows);

    TestRows.Collector none = new TestRows.Collector();
    new ValuesSource(types, List.of()).emit(none);
    assertEquals(0, none.batches);
  }
}
