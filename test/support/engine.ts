import { domainActions } from '../../src/domain/actions.js';
import { loadFlows, loadProfile } from '../../src/engine/loader.js';
import type { EngineContext } from '../../src/engine/step.js';
import { loadKnowledge, ownNames, ownServices } from '../../src/knowledge/index.js';

/** The engine's context from the shipped flows, profile and knowledge base: what `step` needs, without Redis. */
export async function shippedEngineContext(): Promise<EngineContext> {
  const profile = loadProfile('flows');
  return { flows: loadFlows('flows', domainActions({} as never, profile).names()), profile, answerer: await loadKnowledge('flows/knowledge', undefined, ownNames(profile), ownServices(profile)) };
}
