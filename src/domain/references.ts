/**
 * `SR-2026-000042`: kind, the year in Riyadh, and a six-digit sequence that restarts each year
 * (`keys.sequence`). Given out inside the atomic create of `create-once.ts`, with the record.
 */
export type ReferenceKind = 'SR' | 'CS';
