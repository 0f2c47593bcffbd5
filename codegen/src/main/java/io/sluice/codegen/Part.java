package io.sluice.codegen;

/** One operand's code and value, kept apart until the parent decides where the code goes. */
final class Part {
  Body body;
  Val val;
  final boolean safe;

  Part(Body body, Val val, boolean safe) {
    this.body = body;
    this.val = val;
    this.safe = safe;
  }
}
