/**
 * The game systems bundled into the app by the Vite plugin in apps/web/vite.config.modules.ts.
 * Only the build provides these modules: unit tests (plain vitest) do not import them.
 */
declare module 'virtual:meshtable-modules' {
  /** One bundled game system, from its module.json. */
  export interface BundledModuleEntry {
    readonly id: string;
    readonly name: string;
    readonly version: string;
    readonly description: string | null;
    /** The module's files as text by path (its own chunk, fetched from the app's origin). */
    load(): Promise<Readonly<Record<string, string>>>;
  }
  export const bundledModules: readonly BundledModuleEntry[];
}
