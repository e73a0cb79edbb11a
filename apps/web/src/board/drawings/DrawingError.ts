/**
 * A drawing the table did not keep: refused by the table's rule (another's annotation, the caps)
 * or by the GM's validator, with the reason. Its code is in docs/errors.md ("Campaign board").
 */
export class DrawingError extends Error {
  readonly code = 'BOARD_DRAWING_REFUSED';

  constructor(reason: string) {
    super(`The drawing was not kept: ${reason}.`);
    this.name = 'DrawingError';
  }
}
