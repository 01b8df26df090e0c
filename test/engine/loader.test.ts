import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { domainActions } from '../../src/domain/actions.js';
import { loadFlows, loadProfile } from '../../src/engine/loader.js';
import { FlowFileError } from '../../src/errors.js';

const actions = domainActions({} as never, {} as never).names();
const dirs: string[] = [];

/** A copy of the shipped flows with one file replaced, to see how start-up reports it. */
function flowsWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanad-flows-'));
  dirs.push(dir);
  cpSync('flows', dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(FlowFileError);
    return (err as Error).message;
  }
  throw new Error('expected a FlowFileError');
}

const greet = (steps: string) => `id: extra\ntitle: { ar: إضافي, en: Extra }\nstart: hello\nsteps:\n${steps}`;

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('flow files', () => {
  it('loads the shipped flows', () => {
    const flows = loadFlows('flows', actions);
    expect([...flows.keys()].sort()).toEqual(['complaint', 'inquiries', 'main', 'officer', 'request-info', 'request-status', 'support-request', 'survey', 'update-data']);
    expect(loadProfile('flows').requestTypes.length).toBeGreaterThan(0);
  });

  it('names the file, the step and what was expected for an unknown step kind', () => {
    const dir = flowsWith({ 'extra.flow.yaml': greet(`  - id: hello\n    kind: shout\n    text: { ar: مرحبا, en: Hello }\n`) });
    const msg = problemsOf(() => loadFlows(dir, actions));
    expect(msg).toContain('extra.flow.yaml');
    expect(msg).toContain('steps[0] (id "hello").kind');
    expect(msg).toMatch(/say|ask|menu/);
  });

  it('reports a dangling reference and an unreachable step', () => {
    const dir = flowsWith({
      'extra.flow.yaml': greet(
        `  - id: hello\n    kind: say\n    text: { ar: مرحبا, en: Hello }\n    next: nowhere\n` +
          `  - id: lonely\n    kind: end\n`,
      ),
    });
    const msg = problemsOf(() => loadFlows(dir, actions));
    expect(msg).toContain('refers to step "nowhere", which does not exist in flow "extra"');
    expect(msg).toContain('steps[1] (id "lonely"): this step can never be reached');
  });

  it('reports missing English text and an unknown action, all at once', () => {
    const dir = flowsWith({
      'extra.flow.yaml': greet(
        `  - id: hello\n    kind: say\n    text: { ar: مرحبا }\n    next: act\n` +
          `  - id: act\n    kind: action\n    action: launchRocket\n    next: done\n  - id: done\n    kind: end\n`,
      ),
      'broken.flow.yaml': 'id: broken\ntitle: [unclosed\n',
    });
    const msg = problemsOf(() => loadFlows(dir, actions));
    expect(msg).toContain('broken.flow.yaml: is not valid YAML');
    expect(msg).toContain('steps[0] (id "hello").text.en');
  });

  it('reports an unknown action with the known ones', () => {
    const dir = flowsWith({
      'extra.flow.yaml': greet(`  - id: hello\n    kind: action\n    action: launchRocket\n    next: done\n  - id: done\n    kind: end\n`),
    });
    const msg = problemsOf(() => loadFlows(dir, actions));
    expect(msg).toContain('unknown action "launchRocket"; known actions: addRequestInfo, lookUpRequestStatus');
  });

  it('reports a reference to a missing flow and a duplicate step id', () => {
    const dir = flowsWith({
      'extra.flow.yaml': greet(
        `  - id: hello\n    kind: goto\n    to: { flow: nowhere }\n  - id: hello\n    kind: end\n`,
      ),
    });
    const msg = problemsOf(() => loadFlows(dir, actions));
    expect(msg).toContain('step id "hello" is used twice');
  });

  it('reports a goto to a missing flow', () => {
    const dir = flowsWith({ 'extra.flow.yaml': greet(`  - id: hello\n    kind: goto\n    to: { flow: nowhere }\n`) });
    expect(problemsOf(() => loadFlows(dir, actions))).toContain('refers to flow "nowhere", which does not exist');
  });

  it('reports a bad profile with its path', () => {
    const dir = flowsWith({ 'association.yaml': 'name: { ar: جمعية, en: Assoc }\ncolour: red\n' });
    const msg = problemsOf(() => loadProfile(dir));
    expect(msg).toContain('association.yaml at colour');
    expect(msg).toContain('association.yaml at contact');
  });

  it('refuses option ids the engine keeps for its own choices, naming the file and the place', () => {
    const dir = flowsWith({
      'extra.flow.yaml': greet(
        `  - id: hello\n    kind: menu\n    prompt: { ar: اختر, en: Choose }\n    options:\n` +
          `      - { id: tea, label: { ar: شاي, en: Tea }, next: done }\n` +
          `      - { id: lang, label: { ar: لغة, en: Language }, next: done }\n` +
          `  - id: done\n    kind: ask\n    prompt: { ar: كم؟, en: How many? }\n    field: amount\n` +
          `    input: { type: choice, options: [{ id: "cmd:menu", label: { ar: واحد, en: One } }, { id: confirm, label: { ar: اثنان, en: Two } }] }\n    next: bye\n` +
          `  - id: bye\n    kind: end\n`,
      ),
    });
    const msg = problemsOf(() => loadFlows(dir, actions));
    expect(msg).toContain('extra.flow.yaml at steps[0] (id "hello").options[1] (id "lang").id: option id "lang" is reserved by the engine');
    expect(msg).toContain('extra.flow.yaml at steps[1] (id "done").input.options[0] (id "cmd:menu").id: option id "cmd:menu" starts with "cmd:"');
    expect(msg).toContain('steps[1] (id "done").input.options[1] (id "confirm").id: option id "confirm" is reserved');
    expect(msg).not.toContain('"tea"');
  });

  it('refuses a reserved id in the profile\'s option lists', () => {
    const profile = readFileSync('flows/association.yaml', 'utf8').replace('- id: food', '- id: "topic:food"');
    expect(profile).toContain('topic:food');
    const dir = flowsWith({ 'association.yaml': profile });
    expect(problemsOf(() => loadProfile(dir))).toContain('association.yaml at requestTypes[1] (id "topic:food").id: option id "topic:food" starts with "topic:"');
  });
});
