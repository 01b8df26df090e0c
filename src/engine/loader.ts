import { join } from 'node:path';
import { AssociationProfile } from '../domain/profile.js';
import { FlowFileError } from '../errors.js';
import { throwIfAny, zodProblems, type FileProblem } from '../files/problems.js';
import { filesIn, readDataFile } from '../files/read.js';
import { reservedClash } from '../messages/reserved.js';
import { HANDOFF_ACTION, MAIN_FLOW, MAIN_MENU_STEP, type CompiledFlow, type FlowSet } from './flow-set.js';
import { Flow, type Next, type Step } from './schema.js';

export { MAIN_FLOW, MAIN_MENU_STEP, type CompiledFlow, type FlowSet };

/** Reads and validates `association.yaml`. */
export function loadProfile(dir: string): AssociationProfile {
  const problems: FileProblem[] = [];
  const file = join(dir, 'association.yaml');
  const data = readDataFile(file, problems);
  throwIfAny(problems);
  const parsed = AssociationProfile.safeParse(data);
  if (!parsed.success) throw new FlowFileError(zodProblems(file, parsed.error, data));
  for (const list of ['requestTypes', 'cities'] as const) {
    problems.push(...optionClashes(parsed.data[list], (j) => `${list}[${j}]`, file));
  }
  throwIfAny(problems);
  return parsed.data;
}

/**
 * Reads every `*.flow.yaml` / `*.flow.json` in `dir`, validates each against the schema and
 * then checks the set as a whole. Throws one `FlowFileError` listing every problem found.
 */
export function loadFlows(dir: string, actionNames: ReadonlySet<string>): FlowSet {
  const problems: FileProblem[] = [];
  const flows = new Map<string, CompiledFlow>();
  for (const file of filesIn(dir, /\.flow\.(ya?ml|json)$/)) {
    const data = readDataFile(file, problems);
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
  throwIfAny(problems);
  return flows;
}

/** Options whose id the engine would take for one of its own choices (`lang`, `cmd:…`), each with its place. */
function optionClashes(options: readonly { id: string }[], where: (j: number) => string, file: string): FileProblem[] {
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

function checkFlowSet(flows: Map<string, CompiledFlow>, actionNames: ReadonlySet<string>): FileProblem[] {
  const problems: FileProblem[] = [];
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
      // `handoff` is the engine's own action (to an officer); the rest are registered ones.
      if (step.kind === 'action' && step.action !== HANDOFF_ACTION && !actionNames.has(step.action)) {
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
