import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { llmUsage } from '../db/schema/jobs.js';

export interface UsageRecord {
  workspaceId: string;
  provider: string;
  model: string;
  inputTokens: number;
  outputTokens: number;
  at: Date;
}

/**
 * Counts one LLM call in `llm_usage` (one row per workspace, UTC day, provider and model). The table has no unique
 * key to upsert on, so the row is serialised with a transaction-scoped advisory lock on its key: two instances
 * counting at once add up instead of inserting two rows.
 */
export async function recordUsage(db: Db, u: UsageRecord): Promise<void> {
  const day = u.at.toISOString().slice(0, 10);
  const key = `llm_usage\n${u.workspaceId}\n${day}\n${u.provider}\n${u.model}`;
  const match = and(
    eq(llmUsage.workspaceId, u.workspaceId),
    eq(llmUsage.day, day),
    eq(llmUsage.provider, u.provider),
    eq(llmUsage.model, u.model),
  );
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    const updated = await tx
      .update(llmUsage)
      .set({
        calls: sql`${llmUsage.calls} + 1`,
        inputTokens: sql`${llmUsage.inputTokens} + ${u.inputTokens}`,
        outputTokens: sql`${llmUsage.outputTokens} + ${u.outputTokens}`,
      })
      .where(match)
      .returning({ calls: llmUsage.calls });
    if (updated.length === 0) {
      await tx.insert(llmUsage).values({
        workspaceId: u.workspaceId,
        day,
        provider: u.provider,
        model: u.model,
        calls: 1,
        inputTokens: u.inputTokens,
        outputTokens: u.outputTokens,
      });
    }
  });
}

export interface UsageTotal {
  day: string;
  provider: string;
  model: string;
  calls: number;
  inputTokens: number;
  outputTokens: number;
}

/** A workspace's usage per day, provider and model, newest day first. */
export async function usageOf(db: Db, workspaceId: string): Promise<UsageTotal[]> {
  const rows = await db
    .select({
      day: llmUsage.day,
      provider: llmUsage.provider,
      model: llmUsage.model,
      calls: sql<number>`sum(${llmUsage.calls})::int`,
      inputTokens: sql<number>`sum(${llmUsage.inputTokens})::int`,
      outputTokens: sql<number>`sum(${llmUsage.outputTokens})::int`,
    })
    .from(llmUsage)
    .where(eq(llmUsage.workspaceId, workspaceId))
    .groupBy(llmUsage.day, llmUsage.provider, llmUsage.model)
    .orderBy(sql`${llmUsage.day} desc`, llmUsage.provider, llmUsage.model);
  return rows;
}
