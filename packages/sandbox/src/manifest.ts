/**
 * module.json: the manifest of a game-system module (DESIGN.md §4). Validated with zod; every
 * error names the field, so an author can fix a manifest from the message alone.
 */
import '@meshtable/schema/zodWithoutEval';
import { z } from 'zod';
import { SandboxError } from './errors';

/** The module API version this sandbox runs. A manifest must say `"api": 1`. */
export const MODULE_API_VERSION = 1;

/** The largest `budgetMs` a manifest may ask for: a validation longer than this stalls the table. */
export const MAX_BUDGET_MS = 5000;

/**
 * A path inside the module folder: forward slashes, no `.` or `..` segments, no leading slash,
 * no backslashes or NUL. Paths name files in the module's file map exactly as written.
 */
export const modulePathSchema = z
  .string()
  .min(1)
  .max(200)
  .refine(isModulePath, 'must be a relative path inside the module (a/b.ext, no "..")');

const pathWithExtension = (extension: string) =>
  modulePathSchema.refine(
    (path) => path.endsWith(extension),
    `must be a ${extension} file inside the module`,
  );

const pathOrPaths = (extension: string) =>
  z.union([pathWithExtension(extension), z.array(pathWithExtension(extension)).max(500)]);

const manifestSchema = z.strictObject({
  id: z
    .string()
    .regex(
      /^[a-z0-9][a-z0-9-]{0,63}$/,
      'must be 1 to 64 of a-z, 0-9 and "-", not starting with "-"',
    ),
  name: z.string().trim().min(1).max(100),
  version: z
    .string()
    .regex(
      /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/,
      'must be a semantic version such as 1.0.0',
    ),
  api: z.literal(MODULE_API_VERSION, `must be ${MODULE_API_VERSION}`),
  entry: pathWithExtension('.js'),
  description: z.string().max(2000).optional(),
  license: z.string().max(100).optional(),
  authors: z.array(z.string().min(1).max(200)).max(50).optional(),
  sheets: z
    .record(
      z
        .string()
        .regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'actor types are 1 to 64 letters, digits, _ or -')
        .refine(
          (type) => type !== 'item',
          '"item" is the type of compendium items, not an actor type',
        ),
      pathWithExtension('.json'),
    )
    .optional(),
  reference: pathOrPaths('.md').optional(),
  compendium: z
    .record(
      z
        .string()
        .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'compendium names are 1 to 64 of a-z, 0-9 and -'),
      pathWithExtension('.json'),
      {
        error: (issue) =>
          issue.code === 'invalid_type'
            ? 'must be an object of name → .json path, e.g. { "monsters": "compendium/monsters.json" }'
            : undefined,
      },
    )
    .optional(),
  grid: z
    .strictObject({
      type: z.enum(['square', 'hex', 'none']),
      distance: z.number().positive().finite(),
      units: z.string().min(1).max(16),
      diagonals: z.enum(['equal', 'alternate', 'euclidean']).optional(),
    })
    .optional(),
  dice: z.strictObject({ default: z.string().min(1).max(200).optional() }).optional(),
  budgetMs: z.number().int().min(1).max(MAX_BUDGET_MS).optional(),
});

/** A validated module.json. */
export type ModuleManifest = z.infer<typeof manifestSchema>;

/**
 * Validates a parsed module.json.
 * @throws {SandboxError} `MODULE_INVALID_MANIFEST`, naming each offending field
 */
export function parseManifest(json: unknown): ModuleManifest {
  const result = manifestSchema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length === 0 ? '(the manifest)' : issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      const where = issue.path.length === 0 ? '' : ` in ${field}`;
      return `unknown field${issue.keys.length > 1 ? 's' : ''}${where}: ${issue.keys.join(', ')}`;
    }
    // A bad key of a record (an actor type, a compendium name) carries its own message inside.
    const message =
      issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message;
    return `${field}: ${message}`;
  });
  throw new SandboxError('MODULE_INVALID_MANIFEST', `module.json: ${problems.join('; ')}`);
}

/** Every file path the manifest names, with the field that names it (for "file not found" errors). */
export function manifestPaths(manifest: ModuleManifest): Array<{ field: string; path: string }> {
  const paths = [{ field: 'entry', path: manifest.entry }];
  for (const [actorType, path] of Object.entries(manifest.sheets ?? {})) {
    paths.push({ field: `sheets.${actorType}`, path });
  }
  const { reference } = manifest;
  if (typeof reference === 'string') paths.push({ field: 'reference', path: reference });
  else {
    for (const [index, path] of (reference ?? []).entries()) {
      paths.push({ field: `reference.${index}`, path });
    }
  }
  for (const [name, path] of Object.entries(manifest.compendium ?? {})) {
    paths.push({ field: `compendium.${name}`, path });
  }
  return paths;
}

/** Whether `path` is a normalized relative path that stays inside the module folder. */
export function isModulePath(path: string): boolean {
  if (path.length === 0 || path.startsWith('/') || path.includes('\\') || path.includes('\0')) {
    return false;
  }
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}
