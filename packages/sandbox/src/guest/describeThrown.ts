/**
 * Turns whatever a module threw into the message of a `MODULE_ERROR`: the module's own message,
 * never a stack (the stack would show the worker's paths), capped in length. Reading a thrown
 * object may run guest code (a getter on `message`); that happens inside the worker, under the
 * call's watchdog, and a second throw only makes the message vaguer.
 */

/** The longest message kept from a module's error. */
export const MAX_ERROR_MESSAGE_LENGTH = 2000;

/** A short, safe description of a thrown value. */
export function describeThrown(thrown: unknown): string {
  let text: string;
  try {
    text = describe(thrown);
  } catch {
    text = 'the module threw a value that could not be read';
  }
  return text.length > MAX_ERROR_MESSAGE_LENGTH
    ? `${text.slice(0, MAX_ERROR_MESSAGE_LENGTH)}…`
    : text;
}

function describe(thrown: unknown): string {
  switch (typeof thrown) {
    case 'string':
      return thrown === '' ? 'the module threw an empty string' : thrown;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return `the module threw ${String(thrown)}`;
    case 'symbol':
      return 'the module threw a symbol';
    case 'function':
      return 'the module threw a function';
  }
  if (thrown === null) return 'the module threw null';
  const { message, name } = thrown as { message?: unknown; name?: unknown };
  if (typeof message !== 'string') return 'the module threw an object that is not an Error';
  const label = typeof name === 'string' && name !== 'Error' && name !== '' ? `${name}: ` : '';
  return `${label}${message === '' ? '(no message)' : message}`;
}
