package io.sluice.optimizer.functions;

import io.sluice.catalog.TypeKind;
import io.sluice.catalog.function.FunctionCategory;
import io.sluice.catalog.function.FunctionInfo;
import io.sluice.catalog.function.FunctionKind;
import io.sluice.catalog.function.ScalarDeclaration;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The compact form of {@code functions.json} that a running Sluice reads: the same functions,
 * already checked, as a stream of {@link DataOutputStream} values, so that start-up parses no JSON
 * and loads no JSON library. The build writes it beside {@code functions.json} in the optimizer's
 * classes ({@link #main}, run by Maven after compiling); {@code FunctionTableFileTest} checks that
 * what is on the class path holds what the JSON file declares, so it cannot go stale.
 *
 * <p>Layout: a version; the number of functions; then per function its name, kind, category,
 * signatures, description, examples (statement and result rows), its declaration if any (forms of
 * argument types, result type, null behaviour, determinism, one value
 * per statement) and its library operator if any. Lists
 * are a count then their items; enum constants are written by name; text as modified UTF-8.
 */
final class FunctionTableFile {
  static final String RESOURCE = "functions.bin";
  private static final int VERSION = 1;

  private FunctionTableFile() {}

  /**
   * Writes the compact form of the {@code functions.json} at {@code args[0]} to {@code args[1]}: the
   * build's step that makes {@link #RESOURCE}. A mistake in the JSON file fails the build, naming it.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 2) {
      throw new IllegalArgumentException("usage: FunctionTableFile FUNCTIONS_JSON OUTPUT");
    }
    FunctionRegistry registry;
    try (InputStream in = Files.newInputStream(Paths.get(args[0]))) {
      registry = FunctionsJson.parse(in);
    }
    Path output = Paths.get(args[1]);
    try (OutputStream out = Files.newOutputStream(output)) {
      write(registry, out);
    }
  }

  static void write(FunctionRegistry registry, OutputStream stream) throws IOException {
    DataOutputStream out = new DataOutputStream(stream);
    out.writeInt(VERSION);
    List<FunctionInfo> functions = registry.all();
    out.writeInt(functions.size());
    for (FunctionInfo function : functions) {
      out.writeUTF(function.name());
      out.writeUTF(function.kind().name());
      out.writeUTF(function.category().name());
      writeStrings(out, function.signatures());
      out.writeUTF(function.description());
      out.writeInt(function.examples().size());
      for (FunctionInfo.Example example : function.examples()) {
        out.writeUTF(example.sql());
        writeStrings(out, example.result());
      }
      ScalarDeclaration declaration = function.declaration();
      out.writeBoolean(declaration != null);
      if (declaration != null) {
        out.writeInt(declaration.forms().size());
        for (List<TypeKind> form : declaration.forms()) {
          out.writeInt(form.size());
          for (TypeKind type : form) {
            out.writeUTF(type.name());
          }
        }
        out.writeUTF(declaration.returns().name());
        out.writeUTF(declaration.nulls().name());
        out.writeBoolean(declaration.deterministic());
        out.writeBoolean(declaration.perStatement());
      }
      String library = registry.libraryOperators().get(function.name());
      out.writeBoolean(library != null);
      if (library != null) {
        out.writeUTF(library);
      }
    }
    out.flush();
  }

  static FunctionRegistry read(InputStream stream) throws IOException {
    DataInputStream in = new DataInputStream(stream);
    int version = in.readInt();
    if (version != VERSION) {
      throw new IllegalStateException(RESOURCE + " has version " + version + ", this build reads " + VERSION);
    }
    int count = in.readInt();
    List<FunctionInfo> functions = new ArrayList<>(count);
    Map<String, String> library = new HashMap<>();
    for (int f = 0; f < count; f++) {
      String name = in.readUTF();
      FunctionKind kind = FunctionKind.valueOf(in.readUTF());
      FunctionCategory category = FunctionCategory.valueOf(in.readUTF());
      List<String> signatures = readStrings(in);
      String description = in.readUTF();
      int exampleCount = in.readInt();
      List<FunctionInfo.Example> examples = new ArrayList<>(exampleCount);
      for (int e = 0; e < exampleCount; e++) {
        examples.add(new FunctionInfo.Example(in.readUTF(), readStrings(in)));
      }
      ScalarDeclaration declaration = null;
      if (in.readBoolean()) {
        int formCount = in.readInt();
        List<List<TypeKind>> forms = new ArrayList<>(formCount);
        for (int i = 0; i < formCount; i++) {
          int size = in.readInt();
          List<TypeKind> form = new ArrayList<>(size);
          for (int t = 0; t < size; t++) {
            form.add(TypeKind.valueOf(in.readUTF()));
          }
          forms.add(form);
        }
        declaration = new ScalarDeclaration(forms, TypeKind.valueOf(in.readUTF()),
            ScalarDeclaration.NullBehavior.valueOf(in.readUTF()), in.readBoolean(), in.readBoolean());
      }
      if (in.readBoolean()) {
        library.put(name, in.readUTF());
      }
      functions.add(new FunctionInfo(name, kind, category, signatures, description, examples, declaration));
    }
    if (in.read() != -1) {
      throw new IllegalStateException(RESOURCE + " goes on after its " + count + " functions");
    }
    return new FunctionRegistry(functions, library);
  }

  private static void writeStrings(DataOutputStream out, List<String> strings) throws IOException {
    out.writeInt(strings.size());
    for (String s : strings) {
      out.writeUTF(s);
    }
  }

  private static List<String> readStrings(DataInputStream in) throws IOException {
    int size = in.readInt();
    List<String> strings = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      strings.add(in.readUTF());
    }
    return strings;
  }
}
