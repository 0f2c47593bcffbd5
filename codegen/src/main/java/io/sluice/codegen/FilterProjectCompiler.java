package io.sluice.codegen;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.codegen.runtime.FilterProject;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

// Placeholder written by the lead so the engine compiles while the code generator is written;
// the code generator's author replaces this file freely.
public final class FilterProjectCompiler {
  public FilterProjectCompiler(CodeCache cache) {}

  public Compiled compile(RelDataType inputRowType, RexNode condition, List<RexNode> projects,
      RelDataType outputRowType) {
    throw new SluiceException(ErrorCode.UNSUPPORTED, "code generation is not built yet");
  }

  public interface Compiled {
    String source();

    FilterProject newInstance();
  }
}
