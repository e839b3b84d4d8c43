/**
 * mathjs, loaded from its single-file build (`mathjs/lib/browser/math.js`, an entry the package exports): about
 * 40 ms to load, where the ES module tree behind `mathjs` (about a thousand files) takes about 450. The calculator
 * loads on its first call, so every new session's first calculation paid that (on AgentCore each session starts in
 * a fresh microVM). Same version, same code; the types are the package's own.
 */
import type * as MathJs from 'mathjs';
import bundle from 'mathjs/lib/browser/math.js';

/** The build's default instance; `create(config)` makes a new, independent instance with every function. */
export const mathjs = bundle as unknown as typeof MathJs & {
  create(config?: MathJs.ConfigOptions): MathJs.MathJsInstance;
};

export const {
  isAccessorNode,
  isArrayNode,
  isAssignmentNode,
  isBigNumber,
  isBlockNode,
  isComplex,
  isConditionalNode,
  isConstantNode,
  isFraction,
  isFunctionAssignmentNode,
  isFunctionNode,
  isMatrix,
  isObjectNode,
  isOperatorNode,
  isParenthesisNode,
  isRangeNode,
  isRelationalNode,
  isSymbolNode,
  isUnit,
} = mathjs;
