package io.sluice.codegen;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.codehaus.commons.compiler.CompileException;
import org.codehaus.commons.compiler.util.reflect.ByteArrayClassLoader;
import org.codehaus.janino.ClassLoaderIClassLoader;
import org.codehaus.janino.IClassLoader;
import org.codehaus.janino.Java;
import org.codehaus.janino.Parser;
import org.codehaus.janino.Scanner;
import org.codehaus.janino.UnitCompiler;
import org.codehaus.janino.util.ClassFile;

/**
 * Compiles one generated compilation unit with Janino and loads its class in a class loader of its
 * own, keeping what Janino learned about the classes generated code refers to ({@code Batch}, the
 * vectors, the runtime functions, {@code java.lang}) from one compilation to the next.
 *
 * <p>Janino's {@code SimpleCompiler} starts every compilation with an empty type cache: each
 * simple name is looked up anew in every imported package (a miss searches the class path and
 * throws), and every class used is reflected over again. That was about half of compiling the
 * classes of a small query. Here the caches live in a few {@link IClassLoader}s that compilations
 * borrow one at a time (an {@code IClassLoader} is not thread-safe); they hold only classes of
 * the parent loader, never a generated class, whose name every compilation unit declares itself.
 */
final class JaninoCompiler {
  private final ClassLoader parent;
  private final ConcurrentLinkedQueue<IClassLoader> idle = new ConcurrentLinkedQueue<>();

  JaninoCompiler(ClassLoader parent) {
    this.parent = parent;
  }

  /**
   * The class {@code className} that {@code source} declares.
   *
   * @throws CompileException when the source does not compile
   * @throws ClassNotFoundException when it does not declare {@code className}
   */
  Class<?> compile(String source, String className) throws CompileException, ClassNotFoundException {
    IClassLoader types = idle.poll();
    if (types == null) {
      types = new ClassLoaderIClassLoader(parent);
    }
    Map<String, byte[]> classes = new HashMap<>();
    try {
      Java.AbstractCompilationUnit unit =
          new Parser(new Scanner(null, new StringReader(source))).parseAbstractCompilationUnit();
      List<ClassFile> files = new ArrayList<>();
      new UnitCompiler(unit, types).compileUnit(false, false, false, files);
      for (ClassFile file : files) {
        classes.put(file.getThisClassName(), file.toByteArray());
      }
    } catch (IOException e) {
      throw new IllegalStateException("Reading a string failed", e); // a StringReader does not fail
    } finally {
      idle.offer(types);
    }
    return new ByteArrayClassLoader(classes, parent).loadClass(className);
  }
}
