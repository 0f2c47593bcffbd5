package io.sluice.engine.connector.files;

import static io.sluice.engine.connector.files.FilesTestSupport.column;
import static io.sluice.engine.connector.files.FilesTestSupport.options;
import static io.sluice.engine.connector.files.FilesTestSupport.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ConnectorFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesOptionsTest {
  @TempDir
  Path folder;

  private SluiceException fails(Map<String, String> options) {
    return assertThrows(SluiceException.class, () -> table(options, column("a", TypeKind.INTEGER)));
  }

  private void assertInvalid(Map<String, String> options, String... fragments) {
    SluiceException e = fails(options);
    assertEquals(ErrorCode.INVALID_OPTION, e.code(), e.getMessage());
    for (String fragment : fragments) {
      assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }
  }

  @Test
  void unknownKeyIsNamedWithTheNearestValidKey() {
    assertInvalid(options("path", folder.toString(), "format", "csv", "delimeter", ";"),
        "'delimeter'", "Did you mean 'delimiter'?");
    assertInvalid(options("path", folder.toString(), "format", "csv", "colour", "red"), "'colour'", "Valid options");
  }

  @Test
  void formatIsRequiredAndChecked() {
    assertInvalid(options("path", folder.toString()), "'format' is required", "csv, json, parquet");
    assertInvalid(options("path", folder.toString(), "format", "parquett"), "'parquett'", "csv, json, parquet",
        "Did you mean 'parquet'?");
  }

  @Test
  void pathIsRequiredAndAMissingFileIsAnError() {
    assertInvalid(options("format", "csv"), "'path' is required");
    SluiceException e = fails(options("path", folder.resolve("nope.csv").toString(), "format", "csv"));
    assertEquals(ErrorCode.IO_ERROR, e.code());
    assertTrue(e.getMessage().contains("nope.csv") && e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void valuesAreChecked() {
    String path = folder.toString();
    assertInvalid(options("path", path, "format", "csv", "header", "yes"), "'header'", "true or false");
    assertInvalid(options("path", path, "format", "csv", "delimiter", ";;"), "'delimiter'", "single");
    assertInvalid(options("path", path, "format", "csv", "delimiter", "\""), "must differ");
    assertInvalid(options("path", path, "format", "csv", "mode", "lenient"), "'mode'", "failfast, dropmalformed, permissive");
    assertInvalid(options("path", path, "format", "parquet", "header", "true"), "'header'", "only to format csv");
    assertInvalid(options("path", path, "format", "parquet", "compression", "snapy"), "Did you mean 'snappy'?");
    assertInvalid(options("path", path, "format", "parquet", "row-group-rows", "0"), "positive integer");
    assertInvalid(options("path", path, "format", "csv", "mode", "permissive", "corrupt-column", "a"),
        "must be a nullable VARCHAR");
  }

  @Test
  void factoryIsRegisteredAsAService() {
    ConnectorFactory found = null;
    for (ConnectorFactory factory : ServiceLoader.load(ConnectorFactory.class)) {
      if (factory.name().equals("files")) {
        found = factory;
      }
    }
    assertInstanceOf(FilesConnectorFactory.class, found);
  }

  @Test
  void describeNamesFormatPathAndFileCount() {
    FilesTable table = table(options("path", folder.toString(), "format", "json"), column("a", TypeKind.INTEGER));
    assertEquals("files json " + folder + " (0 files)", table.describe());
  }
}
