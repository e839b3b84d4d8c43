import type { MathNode } from 'mathjs';
import { calculatorError, count } from './calculator-error.js';
import type { CalculatorLimits } from './limits.js';
import {
  CALLABLE_FUNCTIONS,
  CONSTANT_NAMES,
  DISABLED_FUNCTIONS,
  isCallable,
  OPERATOR_FUNCTIONS,
  type RestrictedMath,
} from './math.js';
import {
  isAccessorNode,
  isArrayNode,
  isAssignmentNode,
  isBlockNode,
  isConditionalNode,
  isConstantNode,
  isFunctionAssignmentNode,
  isFunctionNode,
  isObjectNode,
  isOperatorNode,
  isParenthesisNode,
  isRangeNode,
  isRelationalNode,
  isSymbolNode,
} from './mathjs.js';

/**
 * Deepest expression tree the calculator walks. The interpreter recurses once per level; a chain
 * such as `------1` nests without brackets, so this is bounded apart from `maxNestingDepth`.
 */
export const MAX_TREE_DEPTH = 1_000;

/** How names in an expression are read. */
export interface NameRules {
  /** Names the caller gave values to (`variables`). */
  variables: ReadonlySet<string>;
  /** Unknown names are symbols (simplify, derive, solve) rather than units or errors (evaluate). */
  symbolic: boolean;
}

/** An expression that passed every check, with the names left as symbols (symbolic rules only). */
export interface CheckedExpression {
  node: MathNode;
  symbols: string[];
}

const RELATIONS = new Set(['smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal']);
const DISABLED = new Set<string>([...DISABLED_FUNCTIONS, 'config', 'typed', 'help', 'print', 'format']);

/**
 * Checks length and bracket nesting before anything parses the text: mathjs' parser recurses per
 * bracket, so `((((...))))` ten thousand deep would overflow the stack inside it.
 * @example checkText('(1 + 2) * 3', limits)
 */
export function checkText(expression: string, limits: CalculatorLimits): void {
  if (expression.length > limits.maxExpressionLength) {
    throw calculatorError(
      'CALCULATOR_LIMIT',
      `Refused: the expression has ${count(expression.length)} characters; the limit is ` +
        `${count(limits.maxExpressionLength)} (maxExpressionLength).`,
    );
  }
  let depth = 0;
  for (const char of expression) {
    if (char === '(' || char === '[' || char === '{') {
      depth += 1;
      if (depth > limits.maxNestingDepth) {
        throw calculatorError(
          'CALCULATOR_LIMIT',
          `Refused: brackets nest more than ${count(limits.maxNestingDepth)} deep (maxNestingDepth).`,
        );
      }
    } else if (char === ')' || char === ']' || char === '}') {
      depth -= 1;
    }
  }
}

/**
 * Checks the text, parses it with the real parser, and checks the tree against the allowlist.
 * @example readExpression(numberMath(), '25 * 4 + 10', limits, { variables: new Set(), symbolic: false })
 */
export function readExpression(
  rm: RestrictedMath,
  expression: string,
  limits: CalculatorLimits,
  rules: NameRules,
): CheckedExpression {
  checkText(expression, limits);
  let node: MathNode;
  try {
    node = rm.parse(expression);
  } catch (error) {
    if (error instanceof RangeError) {
      throw calculatorError('CALCULATOR_LIMIT', 'Refused: the expression is nested too deeply to read.');
    }
    const reason = error instanceof Error ? error.message : String(error);
    throw calculatorError('CALCULATOR_SYNTAX', `Could not read the expression: ${reason}.`);
  }
  return { node, symbols: checkTree(rm, node, rules) };
}

/**
 * Walks a parsed tree and refuses everything outside the allowlist: property access, indexing,
 * assignments, function definitions, objects, strings, and any function not in `CALLABLE_FUNCTIONS`.
 * Returns the free symbols (symbolic rules) in order of appearance.
 * @example checkTree(rm, rm.parse('x^2'), { variables: new Set(), symbolic: true }) // ['x']
 */
export function checkTree(rm: RestrictedMath, root: MathNode, rules: NameRules): string[] {
  const symbols = new Set<string>();
  const visit = (node: MathNode, depth: number): void => {
    if (depth > MAX_TREE_DEPTH) {
      throw calculatorError(
        'CALCULATOR_LIMIT',
        `Refused: the expression nests more than ${count(MAX_TREE_DEPTH)} operations deep.`,
      );
    }
    if (isFunctionNode(node) && !isSymbolNode(node.fn)) {
      // Check what is called first: `cos.constructor(...)` is refused for its property access.
      visit(node.fn as MathNode, depth + 1);
      throw calculatorError(
        'CALCULATOR_REFUSED',
        'Refused: calling the result of an expression is not allowed; call a function by name, as in sqrt(2).',
      );
    }
    for (const child of checkNode(rm, node, rules, symbols)) visit(child, depth + 1);
  };
  visit(root, 0);
  return [...symbols];
}

/** Checks one node and returns its children to check next. */
function checkNode(rm: RestrictedMath, node: MathNode, rules: NameRules, symbols: Set<string>): MathNode[] {
  if (isConstantNode(node)) {
    checkConstant(node.value);
    return [];
  }
  if (isSymbolNode(node)) {
    checkSymbol(rm, node.name, rules, symbols);
    return [];
  }
  if (isParenthesisNode(node)) return [node.content];
  if (isOperatorNode(node)) {
    if (!Object.hasOwn(OPERATOR_FUNCTIONS, node.fn)) {
      throw calculatorError(
        'CALCULATOR_REFUSED',
        `Refused: the operator "${node.op}" is not allowed in calculator expressions.`,
      );
    }
    return node.args;
  }
  if (isFunctionNode(node)) {
    checkCall(rm, (node.fn as unknown as { name: string }).name, rules);
    return node.args;
  }
  if (isArrayNode(node)) return node.items;
  if (isRangeNode(node)) return node.step ? [node.start, node.end, node.step] : [node.start, node.end];
  if (isConditionalNode(node)) return [node.condition, node.trueExpr, node.falseExpr];
  if (isRelationalNode(node)) {
    for (const relation of node.conditionals) {
      if (!RELATIONS.has(relation)) {
        throw calculatorError('CALCULATOR_REFUSED', `Refused: the comparison "${relation}" is not allowed.`);
      }
    }
    return node.params;
  }
  throw refusal(node);
}

function checkConstant(value: unknown): void {
  if (typeof value === 'string') {
    throw calculatorError(
      'CALCULATOR_REFUSED',
      'Refused: text strings ("...") are not allowed; the calculator works with numbers, units and matrices.',
    );
  }
  if (value === null || value === undefined) {
    throw calculatorError('CALCULATOR_REFUSED', `Refused: "${String(value)}" is not a number.`);
  }
}

function checkSymbol(rm: RestrictedMath, name: string, rules: NameRules, symbols: Set<string>): void {
  if (isReservedName(name)) {
    throw calculatorError('CALCULATOR_REFUSED', `Refused: the name "${name}" is reserved.`);
  }
  if (rules.variables.has(name)) return;
  if (isCallable(name) || DISABLED.has(name)) {
    throw calculatorError(
      'CALCULATOR_REFUSED',
      `Refused: "${name}" is a function and can only be called, as in ${name}(x); functions are not values.`,
    );
  }
  if (CONSTANT_NAMES.has(name)) return;
  if (rules.symbolic) {
    symbols.add(name);
    return;
  }
  if (rm.math.Unit.isValuelessUnit(name)) return;
  throw calculatorError(
    'CALCULATOR_UNKNOWN_NAME',
    `Unknown name "${name}": give it a value in "variables" (e.g. {"${name}": 2}), or use mode "solve", ` +
      `"derive" or "simplify" to work with it as a symbol.`,
  );
}

function checkCall(rm: RestrictedMath, name: string, rules: NameRules): void {
  if (isCallable(name)) return;
  if (rules.variables.has(name)) {
    throw calculatorError(
      'CALCULATOR_REFUSED',
      `Refused: "${name}(...)" calls the variable "${name}" as a function; write ${name} * (...) to multiply.`,
    );
  }
  const known =
    DISABLED.has(name) || typeof (rm.math as unknown as Record<string, unknown>)[name] === 'function';
  if (known) {
    throw calculatorError(
      'CALCULATOR_REFUSED',
      `Refused: the function "${name}" is not allowed in calculator expressions.`,
    );
  }
  throw calculatorError(
    'CALCULATOR_UNKNOWN_NAME',
    `Unknown function "${name}". Functions you can use: ${CALLABLE_FUNCTIONS.join(', ')}.`,
  );
}

/** Names that collide with JavaScript object internals: never a variable, constant or symbol. */
export function isReservedName(name: string): boolean {
  return name.startsWith('__') || name === 'prototype' || name in Object.prototype;
}

function refusal(node: MathNode) {
  if (isAccessorNode(node)) {
    if (node.index.dotNotation) {
      const property = String(
        (node.index as unknown as { getObjectProperty(): unknown }).getObjectProperty(),
      );
      return calculatorError(
        'CALCULATOR_REFUSED',
        `Refused: property access ".${property}" is not allowed in calculator expressions.`,
      );
    }
    return calculatorError(
      'CALCULATOR_REFUSED',
      'Refused: indexing with [...] after a value is not allowed; use functions such as det, inv, transpose, size.',
    );
  }
  if (isAssignmentNode(node)) {
    return calculatorError(
      'CALCULATOR_REFUSED',
      'Refused: assignments ("=") are not allowed; give values in "variables", or use mode "solve" for an equation.',
    );
  }
  if (isFunctionAssignmentNode(node)) {
    return calculatorError(
      'CALCULATOR_REFUSED',
      'Refused: defining functions ("f(x) = ...") is not allowed.',
    );
  }
  if (isBlockNode(node)) {
    return calculatorError(
      'CALCULATOR_REFUSED',
      'Refused: only one expression is allowed (no ";" or line breaks between expressions).',
    );
  }
  if (isObjectNode(node)) {
    return calculatorError('CALCULATOR_REFUSED', 'Refused: objects ("{...}") are not allowed.');
  }
  return calculatorError(
    'CALCULATOR_REFUSED',
    `Refused: "${node.type}" is not allowed in calculator expressions.`,
  );
}
