export { CALCULATOR_MODES, calculator, createCalculator, MAX_PRECISION } from './calculator.js';
export type { CalculatorErrorId } from './calculator-error.js';
export { type CalculatorLimits, type CalculatorOptions, DEFAULT_CALCULATOR_LIMITS } from './limits.js';
