/**
 * An initiative as the panel shows it: a whole number as it is; a module's tie-breaker kept to
 * the hundredth (srd5e adds Dexterity / 100, so 15.14 goes before 15.12).
 */
export function formatInitiative(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}
