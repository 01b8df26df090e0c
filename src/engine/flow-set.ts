import type { Flow, Step } from './schema.js';

/** A flow file checked and indexed by step id: what the interpreter walks. */
export interface CompiledFlow {
  flow: Flow;
  steps: ReadonlyMap<string, Step>;
  file: string;
}

/** Every flow, by id. Built once at start-up by the loader; read-only afterwards. */
export type FlowSet = ReadonlyMap<string, CompiledFlow>;

/** The flow the conversation rests on between tasks; it must have a `menu` step. */
export const MAIN_FLOW = 'main';
export const MAIN_MENU_STEP = 'menu';
/** The flow that reaches an officer (`officer.flow.yaml`): picking it right after an answer tells the answer missed. */
export const OFFICER_FLOW = 'officer';
/** The action a flow step names to hand the conversation to an officer (carried out by the engine itself). */
export const HANDOFF_ACTION = 'handoff';
/** The satisfaction survey (`survey.flow.yaml`), started by the surveys worker, never from the menu. */
export const SURVEY_FLOW = 'survey';
