import type { EventSpec } from './event-types.js';
import type { ConversationRef, Locale } from '../messages/model.js';
import { ActionError } from '../errors.js';

/** What an action receives: the form's data and where the conversation is. */
export interface ActionInput {
  data: Readonly<Record<string, unknown>>;
  ref: ConversationRef;
  locale: Locale;
  /** The time of the message that led here (repeatable when the message is handled again). */
  now: number;
  /** Unique and repeatable per conversation turn: an action that writes uses it to run once. */
  key: string;
}

export interface ActionOutput {
  /** Kept in the form's data under the step's `saveAs`, for the following steps and texts. */
  value: unknown;
  /** Domain events to emit once the turn is carried out. */
  events?: EventSpec[];
}

export type Action = (input: ActionInput) => Promise<ActionOutput>;

/** Named functions flows may call from `action` steps. Flow files are checked against its names. */
export class ActionRegistry {
  private readonly actions = new Map<string, Action>();

  register(name: string, action: Action): this {
    if (this.actions.has(name)) throw new ActionError(`action "${name}" is registered twice`);
    this.actions.set(name, action);
    return this;
  }

  get(name: string): Action {
    const action = this.actions.get(name);
    if (!action) throw new ActionError(`no action named "${name}" is registered`);
    return action;
  }

  names(): ReadonlySet<string> {
    return new Set(this.actions.keys());
  }
}
