import type { ComparePoint } from '../notation/ast';

/** Whether `value` satisfies the compare point. */
export function matches(compare: ComparePoint, value: number): boolean {
  switch (compare.op) {
    case '=':
      return value === compare.value;
    case '!=':
      return value !== compare.value;
    case '<':
      return value < compare.value;
    case '<=':
      return value <= compare.value;
    case '>':
      return value > compare.value;
    case '>=':
      return value >= compare.value;
  }
}
