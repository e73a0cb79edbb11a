/**
 * Evaluates a parsed notation with a dice source, in three steps over the tree: roll every dice
 * term and group (left to right, so a seed always gives the same dice to the same terms), compute
 * the value, and render the text. Groups need the split: a group's keep/drop and success
 * modifiers change its entries' dice or entries after they are rolled but before they are summed.
 */
import type { Expr, GroupModifier, GroupNode } from '../notation/ast';
import { DiceNotationError } from '../notation/errors';
import type { DiceSource } from '../random/DiceSource';
import type { DiceTermRoll, GroupEntry, GroupRoll, RollResult, TermRoll } from '../types';
import { matches } from './compare';
import { formatDice, formatNumber } from './format';
import { RollBudget } from './RollBudget';
import {
  applyKeepDrop,
  rollDiceTerm,
  sortDice,
  type WorkingDie,
  type WorkingTerm,
} from './rollDiceTerm';

interface WorkingEntry {
  expr: Expr;
  value: number;
  kept: boolean;
  success: boolean;
  failure: boolean;
}

interface WorkingGroup {
  node: GroupNode;
  entries: WorkingEntry[];
  /** For a one-entry group: its dice pooled for the group's modifiers. */
  pooled: boolean;
  successPool: boolean;
  value: number;
}

/**
 * Rolls `expr` (the parse of `notation`) with faces from `source`.
 * @throws {DiceNotationError} `DICE_LIMIT` when the roll needs too many dice, `DICE_MATH` on
 *   division by zero or a result that is not a finite number
 */
export function evaluateRoll(expr: Expr, notation: string, source: DiceSource): RollResult {
  return new Evaluation(new RollBudget(source)).run(expr, notation);
}

class Evaluation {
  /** Rolled terms and groups by their slot (plain arrays: cheaper than maps, roll after roll). */
  private readonly terms: (WorkingTerm | undefined)[] = [];
  private readonly groups: (WorkingGroup | undefined)[] = [];

  constructor(private readonly budget: RollBudget) {}

  run(expr: Expr, notation: string): RollResult {
    this.roll(expr);
    const total = this.value(expr);
    const rolls: TermRoll[] = [];
    this.collect(expr, rolls);
    // The text is rendered now, into a plain data property. It used to be a getter that rendered
    // on first read, but V8 makes an object literal with a getter in slow dictionary mode, with a
    // new closure per result: measured, that made a small roll about 4× slower, most of it in
    // garbage collection, far more than rendering costs.
    return {
      notation: notation.trim(),
      total,
      rolls,
      text: `${this.text(expr, `${expr.text}: `)} = ${formatNumber(total)}`,
    };
  }

  /** Step 1: roll the dice of every term and group, left to right. */
  private roll(expr: Expr): void {
    switch (expr.type) {
      case 'dice':
        this.terms[expr.slot] = rollDiceTerm(expr, this.budget);
        break;
      case 'group':
        this.rollGroup(expr);
        break;
      case 'number':
        break;
      case 'negate':
        this.roll(expr.arg);
        break;
      case 'paren':
        this.roll(expr.expr);
        break;
      case 'binary':
        this.roll(expr.left);
        this.roll(expr.right);
        break;
      case 'call':
        for (const arg of expr.args) this.roll(arg);
        break;
    }
  }

  private rollGroup(node: GroupNode): void {
    for (const entry of node.entries) this.roll(entry);
    const successPool = node.modifiers.some((m) => m.kind === 'success');
    const group: WorkingGroup = {
      node,
      entries: [],
      pooled: node.entries.length === 1,
      successPool,
      value: 0,
    };
    if (group.pooled) {
      const successes = this.applyToPooledDice(node);
      const only = node.entries[0] as Expr;
      const value = this.value(only);
      group.entries = [{ expr: only, value, kept: true, success: false, failure: false }];
      group.value = successPool ? successes : value;
    } else {
      group.entries = node.entries.map((expr) => ({
        expr,
        value: this.value(expr),
        kept: true,
        success: false,
        failure: false,
      }));
      this.applyToEntries(group, node.modifiers);
      for (const entry of group.entries) {
        if (!entry.kept) continue;
        group.value += successPool
          ? (entry.success ? 1 : 0) - (entry.failure ? 1 : 0)
          : entry.value;
      }
    }
    this.groups[node.slot] = group;
  }

  /**
   * `{4d6+3d8}k4`: with one entry, the group's modifiers act on all the entry's dice together, and
   * each term is then re-summed from the dice it still keeps.
   * @returns successes less failures over the kept dice (the group's value when it is a pool)
   */
  private applyToPooledDice(node: GroupNode): number {
    const terms: WorkingTerm[] = [];
    this.termsIn(node.entries[0] as Expr, terms);
    const dice: WorkingDie[] = terms.flatMap((t) => t.dice);
    for (const modifier of node.modifiers) {
      if (modifier.kind === 'keep' || modifier.kind === 'drop') applyKeepDrop(dice, modifier);
    }
    const success = findCompare(node.modifiers, 'success');
    const failure = findCompare(node.modifiers, 'failure');
    const sort = node.modifiers.find((m) => m.kind === 'sort');
    let successes = 0;
    for (const term of terms) {
      let value = 0;
      for (const die of term.dice) {
        // The group's success point, if any, decides for every die, the terms' own ones included.
        if (success) {
          die.success = matches(success, die.value);
          die.failure = failure !== null && matches(failure, die.value);
        }
        if (!die.kept) continue;
        const net = (die.success ? 1 : 0) - (die.failure ? 1 : 0);
        successes += net;
        value += term.successPool ? net : die.value;
      }
      term.value = value;
      if (sort?.kind === 'sort') sortDice(term.dice, sort.order);
    }
    return successes;
  }

  /** `{4d6+2d8, 3d20}k1`: with several entries, modifiers keep, drop and count whole entries. */
  private applyToEntries(group: WorkingGroup, modifiers: readonly GroupModifier[]): void {
    for (const modifier of modifiers) {
      if (modifier.kind === 'keep' || modifier.kind === 'drop')
        applyKeepDrop(group.entries, modifier);
    }
    const success = findCompare(modifiers, 'success');
    const failure = findCompare(modifiers, 'failure');
    if (success) {
      for (const entry of group.entries) {
        entry.success = matches(success, entry.value);
        entry.failure = failure !== null && matches(failure, entry.value);
      }
    }
    const sort = modifiers.find((m) => m.kind === 'sort');
    if (sort?.kind === 'sort') sortDice(group.entries, sort.order);
  }

  /** The rolled dice terms inside `expr`, outside nested groups. */
  private termsIn(expr: Expr, into: WorkingTerm[]): void {
    switch (expr.type) {
      case 'dice': {
        const term = this.terms[expr.slot];
        if (term) into.push(term);
        return;
      }
      case 'negate':
        this.termsIn(expr.arg, into);
        return;
      case 'paren':
        this.termsIn(expr.expr, into);
        return;
      case 'binary':
        this.termsIn(expr.left, into);
        this.termsIn(expr.right, into);
        return;
      case 'call':
        for (const arg of expr.args) this.termsIn(arg, into);
        return;
      default:
        return;
    }
  }

  /** Step 2: the value of an expression whose dice are rolled. */
  private value(expr: Expr): number {
    switch (expr.type) {
      case 'number':
        return expr.value;
      case 'dice':
        return this.terms[expr.slot]?.value ?? 0;
      case 'group':
        return this.groups[expr.slot]?.value ?? 0;
      case 'negate':
        return -this.value(expr.arg);
      case 'paren':
        return this.value(expr.expr);
      case 'call': {
        const args = expr.args.map((arg) => this.value(arg));
        switch (expr.name) {
          case 'floor':
            return Math.floor(args[0] as number);
          case 'ceil':
            return Math.ceil(args[0] as number);
          case 'round':
            return Math.round(args[0] as number);
          case 'abs':
            return Math.abs(args[0] as number);
          case 'min':
            return Math.min(...args);
          case 'max':
            return Math.max(...args);
        }
        return Number.NaN;
      }
      case 'binary':
        return this.binary(expr.op, this.value(expr.left), this.value(expr.right), expr.index);
    }
  }

  private binary(
    op: '+' | '-' | '*' | '/' | '%' | '**',
    left: number,
    right: number,
    index: number,
  ): number {
    let result: number;
    switch (op) {
      case '+':
        result = left + right;
        break;
      case '-':
        result = left - right;
        break;
      case '*':
        result = left * right;
        break;
      case '/':
      case '%':
        if (right === 0)
          throw new DiceNotationError(
            'DICE_MATH',
            op === '/' ? 'division by zero' : 'modulo by zero',
            index,
          );
        result = op === '/' ? left / right : left % right;
        break;
      case '**':
        result = integerPower(left, right, index);
        break;
    }
    if (!Number.isFinite(result)) {
      throw new DiceNotationError('DICE_MATH', 'the result is too large or not a number', index);
    }
    return result;
  }

  /** Step 3: the expression with each term replaced by its dice, appended to `out`. */
  private text(expr: Expr, out: string): string {
    // Appends to `out` rather than returning pieces to join: fewer intermediate strings.
    switch (expr.type) {
      case 'number':
        return out + expr.text;
      case 'dice': {
        const term = this.terms[expr.slot];
        return term ? formatDice(out, term.dice, expr.label) : out + expr.text;
      }
      case 'group': {
        const group = this.groups[expr.slot];
        if (!group) return out + expr.text;
        out += '{';
        for (let i = 0; i < group.entries.length; i++) {
          const entry = group.entries[i] as WorkingEntry;
          if (i > 0) out += ', ';
          if (!entry.kept) out += '~~';
          out = this.text(entry.expr, out);
          if (entry.success) out += '*';
          if (entry.failure) out += '_';
          if (!entry.kept) out += '~~';
        }
        out += '}';
        return expr.label === null ? out : `${out}[${expr.label}]`;
      }
      case 'negate':
        return this.text(expr.arg, `${out}-`);
      case 'paren':
        return `${this.text(expr.expr, `${out}(`)})`;
      case 'call': {
        out += `${expr.name}(`;
        for (let i = 0; i < expr.args.length; i++) {
          if (i > 0) out += ', ';
          out = this.text(expr.args[i] as Expr, out);
        }
        return `${out})`;
      }
      case 'binary':
        return this.text(expr.right, this.text(expr.left, out) + expr.op);
    }
  }

  /** The results of the terms and groups of `expr` (not those inside groups), in notation order. */
  private collect(expr: Expr, into: TermRoll[]): void {
    // Plain recursion rather than a visitor: a callback would be a closure per node per roll.
    switch (expr.type) {
      case 'dice': {
        const term = this.terms[expr.slot];
        if (term) into.push(freezeTerm(term));
        return;
      }
      case 'group': {
        const group = this.groups[expr.slot];
        if (group) into.push(this.freezeGroup(group));
        return;
      }
      case 'number':
        return;
      case 'negate':
        this.collect(expr.arg, into);
        return;
      case 'paren':
        this.collect(expr.expr, into);
        return;
      case 'binary':
        this.collect(expr.left, into);
        this.collect(expr.right, into);
        return;
      case 'call':
        for (const arg of expr.args) this.collect(arg, into);
        return;
    }
  }

  private freezeGroup(group: WorkingGroup): GroupRoll {
    const entries: GroupEntry[] = group.entries.map((entry) => {
      const rolls: TermRoll[] = [];
      this.collect(entry.expr, rolls);
      return {
        notation: entry.expr.text,
        value: entry.value,
        kept: entry.kept,
        success: entry.success,
        failure: entry.failure,
        rolls,
      };
    });
    return {
      kind: 'group',
      notation: group.node.text,
      label: group.node.label,
      entries,
      successPool: group.successPool,
      value: group.value,
    };
  }
}

/** Largest exponent accepted: enough for any dice arithmetic, and a bounded loop. */
const MAX_EXPONENT = 1024;

/**
 * `base ** exponent` for whole exponents from 0, by repeated squaring. JavaScript engines may
 * round `**` differently (the language leaves it approximate), and a verified roll must give the
 * same total on every peer; multiplication is exactly rounded everywhere, so this is.
 */
function integerPower(base: number, exponent: number, index: number): number {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > MAX_EXPONENT) {
    throw new DiceNotationError(
      'DICE_MATH',
      `an exponent must be a whole number from 0 to ${MAX_EXPONENT}`,
      index,
    );
  }
  let result = 1;
  let factor = base;
  for (let e = exponent; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result *= factor;
    factor *= factor;
  }
  return result;
}

function findCompare(modifiers: readonly GroupModifier[], kind: 'success' | 'failure') {
  for (const modifier of modifiers) if (modifier.kind === kind) return modifier.compare;
  return null;
}

/** A working term is already shaped as a result; nothing changes it once the roll is done. */
function freezeTerm(term: WorkingTerm): DiceTermRoll {
  return term as DiceTermRoll;
}
