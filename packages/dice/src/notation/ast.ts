/**
 * The parsed form of a dice notation. Nodes are plain immutable data, so a parsed notation can be
 * cached and rolled any number of times.
 */
import type { DieSides } from '../types';

/** A comparison such as `>=5`, used by explode, reroll, success, failure and critical modifiers. */
export interface ComparePoint {
  readonly op: '=' | '!=' | '<' | '>' | '<=' | '>=';
  readonly value: number;
}

/** How an explosion adds dice. */
export type ExplodeMode = 'explode' | 'compound' | 'penetrate' | 'compound-penetrate';

/** A modifier of a dice term, in the order written. */
export type DiceModifier =
  | { readonly kind: 'min'; readonly value: number }
  | { readonly kind: 'max'; readonly value: number }
  | { readonly kind: 'explode'; readonly mode: ExplodeMode; readonly compare: ComparePoint | null }
  | { readonly kind: 'reroll'; readonly once: boolean; readonly compare: ComparePoint | null }
  | KeepDropModifier
  | { readonly kind: 'success'; readonly compare: ComparePoint }
  | { readonly kind: 'failure'; readonly compare: ComparePoint }
  | { readonly kind: 'critSuccess'; readonly compare: ComparePoint }
  | { readonly kind: 'critFailure'; readonly compare: ComparePoint }
  | { readonly kind: 'sort'; readonly order: 'asc' | 'desc' };

/** Keep (`kh3`, `kl1`) or drop (`dl1`, `dh2`) dice or group entries. */
export interface KeepDropModifier {
  readonly kind: 'keep' | 'drop';
  readonly end: 'highest' | 'lowest';
  readonly count: number;
}

/** Modifiers a group accepts. */
export type GroupModifier =
  | KeepDropModifier
  | { readonly kind: 'success'; readonly compare: ComparePoint }
  | { readonly kind: 'failure'; readonly compare: ComparePoint }
  | { readonly kind: 'sort'; readonly order: 'asc' | 'desc' };

/** Functions callable in a notation. */
export type FunctionName = 'floor' | 'ceil' | 'round' | 'abs' | 'min' | 'max';

/** An expression node. `text` is the node's notation without spaces. */
export type Expr =
  | { readonly type: 'number'; readonly value: number; readonly text: string }
  | DiceNode
  | GroupNode
  | { readonly type: 'negate'; readonly arg: Expr; readonly text: string }
  | {
      readonly type: 'binary';
      readonly op: '+' | '-' | '*' | '/' | '%' | '**';
      readonly left: Expr;
      readonly right: Expr;
      /** Where the operator stands, for errors such as division by zero. */
      readonly index: number;
      readonly text: string;
    }
  | { readonly type: 'paren'; readonly expr: Expr; readonly text: string }
  | {
      readonly type: 'call';
      readonly name: FunctionName;
      readonly args: readonly Expr[];
      readonly text: string;
    };

/** A dice term: `4d6kh3`, `d20`, `dF`, `3d6!>=5[fire]`. */
export interface DiceNode {
  readonly type: 'dice';
  /** Where the term starts in the notation. */
  readonly index: number;
  /** This term's number among the notation's terms and groups (0, 1, …): where a roll keeps it. */
  readonly slot: number;
  readonly count: number;
  readonly sides: DieSides;
  readonly modifiers: readonly DiceModifier[];
  readonly label: string | null;
  readonly text: string;
}

/** A group: `{4d6+2d8, 3d20}k2`. */
export interface GroupNode {
  readonly type: 'group';
  /** Where the group starts in the notation. */
  readonly index: number;
  /** This group's number among the notation's terms and groups (0, 1, …). */
  readonly slot: number;
  readonly entries: readonly Expr[];
  readonly modifiers: readonly GroupModifier[];
  readonly label: string | null;
  readonly text: string;
}
