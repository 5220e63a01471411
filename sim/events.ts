// Typed protocol events and message types. A protocol declares the events it logs once,
// with their field types (an event catalog); it logs and reads them through that catalog,
// so a misspelt name or a wrong field type fails to compile, and the loader can check
// `expect.sometimes` against the names. Message types are declared as a list of the
// `type` tags of the protocol's message union, checked against it at compile time.
import type { Context, Message } from './types.js';

/** The types an event field may have. */
export type FieldType = 'number' | 'string' | 'boolean' | 'string|null';

type ValueOf<T extends FieldType> = T extends 'number'
  ? number
  : T extends 'string'
    ? string
    : T extends 'boolean'
      ? boolean
      : string | null;

/** One event's fields: name -> type. */
export type EventFields = Readonly<Record<string, FieldType>>;

/** The values of an event with these fields. */
export type FieldValues<F extends EventFields> = { readonly [K in keyof F]: ValueOf<F[K]> };

/** A protocol's events: name -> fields. */
export type EventCatalog = Readonly<Record<string, EventFields>>;

/**
 * Events the kernel itself reports besides a protocol's own: `crash` and `restart` reach
 * protocol stats, `op-ok` is the first ok operation after the faults (for `sometimes`).
 */
export const KERNEL_EVENTS = ['crash', 'restart', 'op-ok'] as const;
export type KernelEventName = (typeof KERNEL_EVENTS)[number];

/** A logger bound to a catalog: `log(ctx, 'commit', { index, term })`, names and fields type-checked. */
export function typedLog<C extends EventCatalog>(_catalog: C) {
  return <N extends keyof C & string>(ctx: Pick<Context<Message>, 'log'>, name: N, fields: FieldValues<C[N]>): void => {
    ctx.log(name, fields as Record<string, unknown>);
  };
}

/** The catalog's event names, as a type. */
export type EventName<C extends EventCatalog> = keyof C & string;

/** Does `value` have the declared type? (For tests that hold a run's events to the catalog.) */
export function hasFieldType(value: unknown, type: FieldType): boolean {
  if (type === 'string|null') return value === null || typeof value === 'string';
  return typeof value === type;
}

/** Problems of one logged event against a catalog: unknown name, missing, extra or mistyped fields. */
export function eventProblems(catalog: EventCatalog, name: string, fields: Readonly<Record<string, unknown>>): string[] {
  const declared = catalog[name];
  if (declared === undefined) return [`event ${JSON.stringify(name)} is not declared`];
  const problems: string[] = [];
  for (const [field, type] of Object.entries(declared)) {
    if (!hasFieldType(fields[field], type)) problems.push(`${name}.${field}: expected ${type}, got ${JSON.stringify(fields[field])}`);
  }
  for (const field of Object.keys(fields)) if (!(field in declared)) problems.push(`${name}.${field}: not declared`);
  return problems;
}

/**
 * A message-type list that must name exactly the `type` tags of `M`: `messageTypes<RaftMessage>()([...])`
 * fails to compile when a tag is missing or unknown.
 */
export function messageTypes<M extends Message>() {
  return <const T extends readonly M['type'][]>(types: T & ([M['type']] extends [T[number]] ? unknown : never)): readonly string[] =>
    types;
}
