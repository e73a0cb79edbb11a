import { describe, expect, it } from 'vitest';
import { sheetsOfModule } from './moduleSheets';

/** Every module's manifest and sheets as text, by path under modules/ (as the app bundles them). */
const FOUND = import.meta.glob('../../../../modules/*/{module.json,sheets/*.json}', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

/** One module's files by path inside it. */
function filesOf(id: string): Record<string, string> {
  const prefix = `../../../../modules/${id}/`;
  return Object.fromEntries(
    Object.entries(FOUND)
      .filter(([path]) => path.startsWith(prefix))
      .map(([path, text]) => [path.slice(prefix.length), text]),
  );
}

describe('sheetsOfModule', () => {
  it.each(['srd5e', 'pool6', 'opend6', 'cepheus', 'template'])(
    'loads and checks the sheets of %s',
    (id) => {
      const load = sheetsOfModule(filesOf(id));
      expect(load.ok).toBe(true);
      if (load.ok) expect(Object.keys(load.sheets).length).toBeGreaterThan(0);
    },
  );

  it('names the file and place of a sheet that does not fit the format', () => {
    const files = filesOf('srd5e');
    const sheet = JSON.parse(files['sheets/character.json'] as string);
    sheet.sections[0].fields[0].editable = 'everyone';
    const load = sheetsOfModule({ ...files, 'sheets/character.json': JSON.stringify(sheet) });
    expect(load).toEqual({
      ok: false,
      problem:
        'The game system\'s sheets do not fit the sheet format: sheets/character.json: sections.0.fields.0.editable: must be "owner" or "gm"',
    });
  });

  it('says so when module.json is missing or its sheets are not a map', () => {
    expect(sheetsOfModule({})).toEqual({
      ok: false,
      problem: 'The game system has no readable module.json.',
    });
    expect(sheetsOfModule({ 'module.json': '{"sheets": []}' })).toEqual({
      ok: false,
      problem: 'module.json: sheets must map actor types to files.',
    });
  });
});
