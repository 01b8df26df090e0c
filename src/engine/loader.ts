import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { AssociationProfile } from '../domain/profile.js';
import { FlowFileError } from '../errors.js';
import { reservedClash } from '../messages/reserved.js';
import { MAIN_FLOW, MAIN_MENU_STEP, type CompiledFlow, type FlowSet } from './flow-set.js';
import { Flow, type Next, type Step } from './schema.js';

export { MAIN_FLOW, MAIN_MENU_STEP, type CompiledFlow, type FlowSet };


type Problem = { file: string; path: string; message: string };


function readData(file: string, problems: Problem[]): unknown {
  try {
    const raw = readFileSync(file, 'utf8');
    return file.endsWith('.json') ? JSON.parse(raw) : parseYaml(raw);
  } catch (err) {
    problems.push({ file, path: '', message: `cannot be read or parsed: ${(err as Error).message}` });
    return undefined;
  }
}

function zodProblems(file: string, error: z.ZodError, data: unknown): Problem[] {
  return error.issues.map((issue) => ({
    file,
    path: describePath(issue.path, data),
    message: issue.message,
  }));
}

/** `steps[3].prompt.en` becomes `steps[3] (id "full-name").prompt.en`, so a person finds the place. */
function describePath(path: readonly PropertyKey[], data: unknown): string {
  let out = '';
  let node: unknown = data;
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined;
    if (typeof key === 'number' && node && typeof node === 'object' && 'id' in node) {
      out += ` (id "${String((node as { id: unknown }).id)}")`;
    }
  }
  return out;
}

/** Reads and validates `association.yaml`. */
export function loadProfile(dir: string): AssociationProfile {
  const problems: Problem[] = [];
  const file = join(dir, 'association.yaml');
  const data = readData(file, problems);
  if (problems.length) throw new FlowFileError(problems);
  const parsed = AssociationProfile.safeParse(data);
  if (!parsed.success) throw new FlowFileError(zodProblems(file, parsed.error, data));
  for (const list of ['requestTypes', 'cities'] as const) {
    problems.push(...optionClashes(parsed.data[list], (j) => `${list}[${j}]`, file));
  }
  if (problems.length) throw new FlowFileError(problems);
  return parsed.data;
}

/**
 * Reads every `*.flow.yaml` / `*.flow.json` in `dir`, validates each against the schema and
 * then checks the set as a whole. Throws one `FlowFileError` listing every problem found.
 */
export function loadFlows(dir: string, actionNames: ReadonlySet<string>): FlowSet {
  const problems: Problem[] = [];
  const files = readdirSync(dir)
    .filter((f) => /\.flow\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
  const flows = new Map<string, CompiledFlow>();
  for (const file of files) {
    const data = readData(file, problems);
    if (data === undefined) continue;
    const parsed = Flow.safeParse(data);
    if (!parsed.success) {
      problems.push(...zodProblems(file, parsed.error, data));
      continue;
    }
    const flow = parsed.data;
    const previous = flows.get(flow.id);
    if (previous) {
      problems.push({ file, path: 'id', message: `flow id "${flow.id}" is already used by ${previous.file}` });
      continue;
    }
    const steps = new Map<string, Step>();
    flow.steps.forEach((step, i) => {
      if (steps.has(step.id)) problems.push({ file, path: `steps[${i}].id`, message: `step id "${step.id}" is used twice` });
      steps.set(step.id, step);
    });
    flows.set(flow.id, { flow, steps, file });
  }
  if (!problems.length) problems.push(...checkFlowSet(flows, actionNames));
  if (problems.length) throw new FlowFileError(problems);
  return flows;
}

/** Options whose id the engine would take for one of its own choices (`lang`, `cmd:…`), each with its place. */
function optionClashes(options: readonly { id: string }[], where: (j: number) => string, file: string): Problem[] {
  return options.flatMap((o, j) => {
    const message = reservedClash(o.id);
    return message ? [{ file, path: `${where(j)} (id "${o.id}").id`, message }] : [];
  });
}

/** Where each step may lead, with the place in the file that says so. */
export function stepTargets(step: Step): { next: Next; path: string }[] {
  switch (step.kind) {
    case 'say':
    case 'ask':
    case 'review':
      return [{ next: step.next, path: 'next' }];
    case 'action':
      return [{ next: step.next, path: 'next' }, ...(step.onError ? [{ next: step.onError, path: 'onError' }] : [])];
    case 'branch':
      return [...step.cases.map((c, i) => ({ next: c.next, path: `cases[${i}].next` })), { next: step.else, path: 'else' }];
    case 'menu':
      return step.options.map((o, i) => ({ next: o.next, path: `options[${i}].next` }));
    case 'goto':
      return [{ next: step.to, path: 'to' }];
    case 'end':
      return [];
  }
}

function reach(steps: ReadonlyMap<string, Step>, from: string, seen: Set<string>): void {
  const queue = [from];
  while (queue.length) {
    const id = queue.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const step = steps.get(id);
    if (step) for (const { next } of stepTargets(step)) if (typeof next === 'string') queue.push(next);
  }
}

function checkFlowSet(flows: Map<string, CompiledFlow>, actionNames: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  const main = flows.get(MAIN_FLOW);
  if (!main) problems.push({ file: '(flows)', path: '', message: `a flow with id "${MAIN_FLOW}" (the main menu) is required` });
  else if (main.steps.get(MAIN_MENU_STEP)?.kind !== 'menu') {
    problems.push({ file: main.file, path: 'steps', message: `the main flow needs a step "${MAIN_MENU_STEP}" of kind "menu"` });
  }
  for (const { flow, steps, file } of flows.values()) {
    const where = (i: number, sub: string) => `steps[${i}] (id "${flow.steps[i]!.id}").${sub}`;
    if (!steps.has(flow.start)) problems.push({ file, path: 'start', message: `start step "${flow.start}" does not exist in this flow` });
    flow.steps.forEach((step, i) => {
      for (const { next, path } of stepTargets(step)) {
        if (typeof next === 'string') {
          if (!steps.has(next)) problems.push({ file, path: where(i, path), message: `refers to step "${next}", which does not exist in flow "${flow.id}"` });
        } else {
          const target = flows.get(next.flow);
          if (!target) problems.push({ file, path: where(i, path), message: `refers to flow "${next.flow}", which does not exist` });
          else if (next.step && !target.steps.has(next.step)) {
            problems.push({ file, path: where(i, path), message: `refers to step "${next.step}", which does not exist in flow "${next.flow}"` });
          }
        }
      }
      if (step.kind === 'action' && !actionNames.has(step.action)) {
        problems.push({ file, path: where(i, 'action'), message: `unknown action "${step.action}"; known actions: ${[...actionNames].sort().join(', ')}` });
      }
      if (step.kind === 'menu') problems.push(...optionClashes(step.options, (j) => where(i, `options[${j}]`), file));
      if (step.kind === 'ask' && step.input.type === 'choice' && step.input.options) {
        problems.push(...optionClashes(step.input.options, (j) => where(i, `input.options[${j}]`), file));
      }
      if (step.kind === 'review') {
        step.fields.forEach((f, j) => {
          if (steps.get(f)?.kind !== 'ask') problems.push({ file, path: where(i, `fields[${j}]`), message: `"${f}" must name an ask step of this flow` });
        });
      }
    });
    // Reachability: walk from the start, and from steps other flows enter (`{flow, step}`).
    const seen = new Set<string>();
    reach(steps, flow.start, seen);
    for (const other of flows.values()) {
      for (const s of other.flow.steps) {
        for (const { next } of stepTargets(s)) {
          if (typeof next !== 'string' && next.flow === flow.id && next.step) reach(steps, next.step, seen);
        }
      }
    }
    flow.steps.forEach((step, i) => {
      if (!seen.has(step.id)) problems.push({ file, path: `steps[${i}] (id "${step.id}")`, message: 'this step can never be reached from the flow\'s start' });
    });
  }
  return problems;
}
