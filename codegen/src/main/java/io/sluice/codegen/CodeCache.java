package io.sluice.codegen;

// Placeholder written by the lead so the engine compiles while the code generator is written;
// the code generator's author replaces this file freely.
public final class CodeCache {
  public CodeCache() {}
}
