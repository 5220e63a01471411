// The values of the bank model (bank.ts) and of its witness search (bank-witness.ts):
// transfers {from, to, amount} and balances ({a: 10, b: 5}), read from op values, and
// balances normalized so that equal states have equal objects.

export type Balances = Readonly<Record<string, number>>;

export interface Transfer {
  readonly from: string;
  readonly to: string;
  readonly amount: number;
}

/** The state of the bank model. */
export interface BankState {
  /** False until the opening balances are known: `balances` are then net changes. */
  readonly known: boolean;
  readonly balances: Balances;
}

/** Sorted keys, zero balances dropped: equal states have equal objects. */
export function normalize(balances: Record<string, number>): Balances {
  const out: Record<string, number> = {};
  for (const k of Object.keys(balances).sort()) if (balances[k] !== 0) out[k] = balances[k]!;
  return out;
}

export function asTransfer(v: unknown): Transfer | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const t = v as Record<string, unknown>;
  const amount = t['amount'];
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return null;
  if (t['from'] === undefined || t['to'] === undefined) return null;
  return { from: String(t['from']), to: String(t['to']), amount };
}

export function asBalances(v: unknown): Record<string, number> | null {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return null;
  const out: Record<string, number> = {};
  for (const [k, n] of Object.entries(v as Record<string, unknown>)) {
    if (typeof n !== 'number' || !Number.isFinite(n)) return null;
    out[k] = n;
  }
  return out;
}
