import { z } from 'zod';
import { Option } from '../domain/option.js';
import { Text } from '../i18n/text.js';

/**
 * The flow file format: a flow is a list of steps, each naming the step that follows.
 * Files in `flows/` are parsed with these schemas and then checked as a whole by `loadFlows`
 * (`loader.ts`): references between steps and flows, known actions, reachability, reserved ids.
 */

const StepId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'a step id is lower-case letters, digits and dashes');
const FieldName = z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/, 'a field name is letters and digits, e.g. fullName');

/** Where a step leads: a step of this flow, or another flow (optionally at a given step). */
export const Next = z.union([StepId, z.object({ flow: z.string(), step: StepId.optional() }).strict()]);
export type Next = z.infer<typeof Next>;

/** Lists of options kept in the association profile rather than in the flow. */
export const OptionsSource = z.enum(['requestTypes', 'cities']);

export const InputSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), minLength: z.number().int().min(0).default(1), maxLength: z.number().int().positive().default(500), pattern: z.string().optional(), patternHint: Text.optional() }).strict(),
  z.object({ type: z.literal('number'), min: z.number().default(0), max: z.number().default(1_000_000_000) }).strict(),
  z.object({ type: z.literal('choice'), options: z.array(Option).min(1).optional(), optionsFrom: OptionsSource.optional() }).strict()
    .refine((v) => Boolean(v.options) !== Boolean(v.optionsFrom), 'a choice needs exactly one of "options" or "optionsFrom"'),
  z.object({ type: z.literal('yesno') }).strict(),
  z.object({ type: z.literal('nationalId') }).strict(),
  z.object({ type: z.literal('mobile') }).strict(),
  z.object({ type: z.literal('date') }).strict(),
  z.object({ type: z.literal('reference'), prefix: z.string().regex(/^[A-Z]{2,4}$/) }).strict(),
  z.object({ type: z.literal('attachment'), optional: z.boolean().default(false), orText: z.boolean().default(false), accept: z.array(z.string()).default(['image/*', 'application/pdf']) }).strict(),
]);
export type InputSpec = z.infer<typeof InputSpec>;

const Say = z.object({ id: StepId, kind: z.literal('say'), text: Text, next: Next }).strict();

const Ask = z
  .object({
    id: StepId,
    kind: z.literal('ask'),
    prompt: Text,
    input: InputSpec,
    /** Where the answer is kept in the form's data. */
    field: FieldName,
    /** How the field is named in the summary; defaults to the prompt. */
    label: Text.optional(),
    next: Next,
  })
  .strict();

const MenuOption = Option.extend({ next: Next }).strict();
const Menu = z
  .object({
    id: StepId,
    kind: z.literal('menu'),
    prompt: Text,
    options: z.array(MenuOption).min(1),
    /** Free text that picks no option is answered from the knowledge base when true. */
    freeText: z.boolean().default(true),
  })
  .strict();

const Condition = z
  .object({
    field: z.string().min(1),
    equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
    in: z.array(z.union([z.string(), z.number()])).optional(),
    lt: z.number().optional(),
    gt: z.number().optional(),
    exists: z.boolean().optional(),
  })
  .strict();
export type Condition = z.infer<typeof Condition>;

const Branch = z
  .object({
    id: StepId,
    kind: z.literal('branch'),
    cases: z.array(z.object({ when: Condition, next: Next }).strict()).min(1),
    else: Next,
  })
  .strict();

const Action = z
  .object({
    id: StepId,
    kind: z.literal('action'),
    /** A function registered in the action registry (`src/domain/action-registry.ts`). */
    action: z.string().min(1),
    /** Where the action's result is kept in the form's data. */
    saveAs: FieldName.default('result'),
    next: Next,
    /** Where to go when the action fails; without it the bot apologises and returns to the menu. */
    onError: Next.optional(),
  })
  .strict();

const Review = z
  .object({
    id: StepId,
    kind: z.literal('review'),
    prompt: Text,
    /** The ask steps whose answers are shown, each correctable on its own. */
    fields: z.array(StepId).min(1),
    confirmLabel: Text,
    next: Next,
  })
  .strict();

const GoTo = z.object({ id: StepId, kind: z.literal('goto'), to: Next }).strict();

const End = z.object({ id: StepId, kind: z.literal('end'), text: Text.optional() }).strict();

export const Step = z.discriminatedUnion('kind', [Say, Ask, Menu, Branch, Action, Review, GoTo, End]);
export type Step = z.infer<typeof Step>;
export type StepOf<K extends Step['kind']> = Extract<Step, { kind: K }>;

export const Flow = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    title: Text,
    start: StepId,
    steps: z.array(Step).min(1),
  })
  .strict();
export type Flow = z.infer<typeof Flow>;
