import { type Reading, read } from './aspects.js';

export interface Requirement {
  text: string;
  reading: Reading;
}

/** Clause separators: `;`, `,`, and the words that join two demands ("or" does not: either alternative will do). */
const JOINERS = '(?:and also|as well as|along with|together with|including|plus|also|and)';
const SEPARATOR = new RegExp(`(\\s*[;,]\\s*(?:${JOINERS}\\s+)?|\\s+${JOINERS}\\s+)`, 'i');

/**
 * Splits a control's wording into the distinct things it demands: sentences, then clauses. A clause that names no
 * known aspect ("including the admin API", "1,000") qualifies its neighbour and is joined to it, so it is never a
 * requirement of its own. Duplicate clauses count once.
 */
export function requirements(description: string): Requirement[] {
  const sentences = description
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim().replace(/[.!?]+$/, ''))
    .filter(Boolean);
  const out: Requirement[] = [];
  for (const sentence of sentences) {
    const parts = sentence.split(SEPARATOR);
    // parts alternate: clause, separator, clause, …
    const clauses: { text: string; reading: Reading }[] = [];
    let pendingPrefix = '';
    for (let i = 0; i < parts.length; i += 2) {
      const clause = (parts[i] ?? '').trim();
      const separator = parts[i - 1] ?? '';
      if (!clause) continue;
      const reading = read(clause);
      const last = clauses[clauses.length - 1];
      if (reading.aspects.size === 0) {
        if (last) {
          last.text = `${last.text}${separator}${clause}`;
        } else {
          pendingPrefix = `${pendingPrefix}${clause}${parts[i + 1] ?? ' '}`;
        }
        continue;
      }
      clauses.push({ text: `${pendingPrefix}${clause}`, reading });
      pendingPrefix = '';
    }
    for (const c of clauses) {
      if (!out.some((r) => r.text.toLowerCase() === c.text.toLowerCase())) out.push(c);
    }
  }
  return out;
}
