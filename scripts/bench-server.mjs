// `npm run bench:server`: the verification routes of the built server (dist/) on PGlite and on PostgreSQL, each beside
// a baseline measured in the same run on the same database:
//   - submit: POST …/verification/results with 1,000 results (HTTP, validation, attestation, one transaction with the
//     run, the results and their heads) vs one multi-row INSERT of the same 1,000 result rows;
//   - report: GET …/verification/report of a model with 1,000 controls, 10,000 assertions and 10 runs of history
//     (tier 1 and tier 2 for every assertion in each) vs one SELECT of the same rows (each assertion with its current
//     heads, the columns the report reads).
// Prints one JSON object. Target: p50 ratio ≤ 3. PostgreSQL: $BENCH_DATABASE_URL or postgres://postgres@127.0.0.1:5432/test
// (a database of its own is created and dropped); --no-postgres or --no-pglite skips one. --iterations N (default 15).
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = (p) => path.join(here, '..', 'dist', p);
const { buildApp } = await import(dist('app.js'));
const { loadConfig } = await import(dist('config.js'));
const { openDatabase, migrateDatabase } = await import(dist('db/client.js'));
const { contentHash } = await import(dist('verification/hashing.js'));
const { newId } = await import(dist('ids.js'));
const { sql } = await import('drizzle-orm');

const args = process.argv.slice(2);
const iterations = Number(args[args.indexOf('--iterations') + 1]) || 15;
const CONTROLS = 1000;
const PER_CONTROL = 10;
const HISTORY_RUNS = 10;

/** Judges instantly: the benchmark measures the server, not a model. */
const evaluator = {
  name: 'bench',
  coherence: async () => ({ status: 'coherent', reason: 'bench', evaluator: 'bench' }),
  sufficiency: async () => ({ status: 'sufficient', gaps: [], reasoning: 'bench', evaluator: 'bench' }),
};

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (x) => Math.round(x * 100) / 100;
async function time(fn, n) {
  await fn(-1); // warm-up
  await fn(-2);
  const samples = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    samples.push(performance.now() - t);
  }
  return { p50_ms: round(quantile(samples, 0.5)), p99_ms: round(quantile(samples, 0.99)) };
}
const rowsOf = (r) => (Array.isArray(r) ? r : r.rows);

async function inject(app, opts, expected) {
  const res = await app.inject(opts);
  if (res.statusCode !== expected) throw new Error(`${opts.method} ${opts.url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function benchOne(database) {
  const setupStart = performance.now();
  await migrateDatabase(database);
  const config = loadConfig(
    { ASSAY_SESSION_SECRET: 'bench-secret-bench-secret-bench-secret-0123', ASSAY_BODY_LIMIT_BYTES: String(16 << 20) },
    { ensureDataDir: false },
  );
  const ctx = { config, database, db: database.db, evaluator, now: () => new Date() };
  const app = await buildApp(ctx);
  await app.ready();
  try {
    const setup = await app.inject({
      method: 'POST',
      url: '/api/auth/setup',
      payload: { email: 'bench@example.com', password: 'correct horse battery staple', name: 'Bench' },
    });
    const cookie = setup.cookies.find((c) => c.name === 'assay_session').value;
    const owner = { cookie: `assay_session=${cookie}`, 'x-requested-with': 'assay' };
    const wid = setup.json().workspace.id;
    const key = await inject(
      app,
      {
        method: 'POST',
        url: `/api/workspaces/${wid}/api-keys`,
        headers: owner,
        payload: { name: 'ci', scope: 'verifier' },
      },
      201,
    );
    const verifier = { 'x-api-key': key.key };
    const controls = Array.from({ length: CONTROLS }, (_, i) => ({
      id: `CTRL-${i + 1}`,
      description: `Control ${i + 1}: requests are authenticated`,
      objective_ids: ['CO-1'],
    }));
    const model = await inject(
      app,
      {
        method: 'POST',
        url: '/api/models',
        headers: owner,
        payload: {
          workspace_id: wid,
          title: 'Bench',
          control_objectives: [{ id: 'CO-1', description: 'Only customers see their data' }],
          controls,
        },
      },
      201,
    );
    const mid = model.id;
    // 10,000 assertions, inserted directly: they are fixtures, not what is measured
    const assertions = [];
    for (const c of controls) {
      for (let j = 0; j < PER_CONTROL; j++) {
        const params = { file: `src/module_${c.id}.py`, name: `check_${j}` };
        assertions.push({ id: newId('asrt'), controlId: c.id, params, hash: contentHash('function_exists', params) });
      }
    }
    for (let i = 0; i < assertions.length; i += 2000) {
      const chunk = assertions.slice(i, i + 2000);
      await database.db.execute(sql`insert into assertions
        (id, model_id, control_id, type, params, description, content_hash, coherence_status, coherence_reason)
        values ${sql.join(
          chunk.map(
            (a) =>
              sql`(${a.id}, ${mid}, ${a.controlId}, 'function_exists', ${JSON.stringify(a.params)}::jsonb, 'the check runs', ${a.hash}, 'coherent', 'bench')`,
          ),
          sql`, `,
        )}`);
    }
    // 10 runs of history, generated inside the database (fixtures, not what is measured): tier 1 and tier 2 for every
    // assertion in each run, about 1% failing, a different subset each time; then the heads those runs leave
    for (let h = 0; h < HISTORY_RUNS; h++) {
      const runId = newId('run');
      await database.db.execute(sql`insert into verification_runs
        (id, workspace_id, model_id, provider, pipeline_run_id, repo, commit_sha, received, received_at)
        values (${runId}, ${wid}, ${mid}, 'github', ${`history-${h}`}, 'acme/api', ${`${h.toString(16).padStart(2, '0')}${'ab'.repeat(19)}`},
                '{}'::jsonb, now() - make_interval(hours => ${HISTORY_RUNS - h}))`);
      await database.db.execute(sql`insert into verification_results
        (id, run_id, model_id, assertion_id, content_hash, repo, tier, result, details, created_at)
        select 'res_' || md5(${runId} || a.id || t.tier), ${runId}, a.model_id, a.id, a.content_hash, 'acme/api', t.tier,
               case when abs(hashtext(a.id || ${h})) % 97 = 0 then 'fail' else 'pass' end,
               'check defined at ' || (a.params->>'file') || ':3', now() - make_interval(hours => ${HISTORY_RUNS - h})
        from assertions a cross join (values (1), (2)) as t(tier) where a.model_id = ${mid}
        order by a.id, t.tier`);
    }
    await database.db.execute(sql`insert into verification_heads
        (model_id, assertion_id, tier, repo, content_hash, latest_seq, latest_result, latest_run_id, latest_commit_sha,
         latest_at, prev_seq, prev_result, prev_run_id, prev_commit_sha)
      select l.model_id, l.assertion_id, l.tier, l.krepo, l.content_hash, l.seq, l.result, l.run_id, l.commit_sha, l.at,
             p.seq, p.result, p.run_id, p.commit_sha
      from (select r.*, coalesce(r.repo, '') as krepo, v.commit_sha, v.received_at as at,
                   row_number() over (partition by r.assertion_id, r.tier, r.repo, r.content_hash order by r.seq desc) as rn
            from verification_results r join verification_runs v on v.id = r.run_id where r.model_id = ${mid}) l
      left join (select r.*, v.commit_sha,
                   row_number() over (partition by r.assertion_id, r.tier, r.repo, r.content_hash order by r.seq desc) as rn
            from verification_results r join verification_runs v on v.id = r.run_id where r.model_id = ${mid}) p
        on p.assertion_id = l.assertion_id and p.tier = l.tier and p.repo = l.repo and p.content_hash = l.content_hash
       and p.rn = 2
      where l.rn = 1`);
    let runNo = 0;
    const submit = async (results, commit) =>
      inject(
        app,
        {
          method: 'POST',
          url: `/api/models/${mid}/verification/results`,
          headers: verifier,
          payload: {
            pipeline: {
              provider: 'github',
              run_id: `r${++runNo}`,
              repo: 'acme/api',
              commit_sha: commit,
              branch: 'main',
            },
            results,
          },
        },
        201,
      );
    await database.db.execute(sql`insert into sufficiency_verdicts (id, model_id, control_id, status, evaluator, assertion_set_hash)
      select 'suf_' || md5(control_id), model_id, control_id, 'sufficient', 'bench', 'x' from controls where model_id = ${mid}`);
    await database.db.execute(sql`analyze`);
    const setupSeconds = round((performance.now() - setupStart) / 1000);
    console.error(`${database.kind}: set up in ${setupSeconds} s, measuring`);

    // --- submit 1,000 results
    const batch = assertions.slice(0, 1000);
    const resultRows = (tier) =>
      batch.map((a, k) => ({
        assertion_id: a.id,
        tier,
        result: 'pass',
        details: `check_${k} defined at ${a.params.file}:${k + 1}`,
      }));
    const submitTimes = await time(() => submit(resultRows(1), 'cd'.repeat(20)), iterations);
    const baselineRun = newId('run');
    await database.db.execute(sql`insert into verification_runs (id, workspace_id, model_id, provider, pipeline_run_id, received)
      values (${baselineRun}, ${wid}, ${mid}, 'baseline', ${baselineRun}, '{}'::jsonb)`);
    const submitBaseline = await time(async () => {
      await database.db.execute(sql`insert into verification_results
        (id, run_id, model_id, assertion_id, content_hash, repo, tier, result, details)
        values ${sql.join(
          batch.map(
            (a, k) =>
              sql`(${newId('res')}, ${baselineRun}, ${mid}, ${a.id}, ${a.hash}, 'acme/api', 1, 'pass', ${`check_${k} defined at ${a.params.file}:${k + 1}`})`,
          ),
          sql`, `,
        )}`);
    }, iterations);

    // --- report
    let reportBytes = 0;
    const reportTimes = await time(async () => {
      const res = await app.inject({ method: 'GET', url: `/api/models/${mid}/verification/report`, headers: verifier });
      if (res.statusCode !== 200) throw new Error(`report: ${res.statusCode} ${res.body.slice(0, 300)}`);
      reportBytes = res.body.length;
    }, iterations);
    let baselineRows = 0;
    const reportBaseline = await time(async () => {
      const r = await database.db.execute(sql`select a.id, a.control_id, a.type, a.repo, a.coherence_status,
          h.tier, h.repo as head_repo, h.latest_seq, h.latest_result, h.latest_commit_sha
        from assertions a left join verification_heads h on h.assertion_id = a.id and h.content_hash = a.content_hash
          and (a.repo is null or a.repo = h.repo)
        where a.model_id = ${mid}`);
      baselineRows = rowsOf(r).length;
    }, iterations);

    const counts = rowsOf(
      await database.db.execute(sql`select (select count(*)::int from verification_results) as results,
        (select count(*)::int from verification_runs) as runs, (select count(*)::int from verification_heads) as heads`),
    )[0];
    return {
      setup_seconds: setupSeconds,
      data: { controls: CONTROLS, assertions: assertions.length, ...counts },
      submit_1000_results: {
        ...submitTimes,
        baseline: { what: 'one multi-row INSERT of the same 1,000 result rows', ...submitBaseline },
        ratio_p50: round(submitTimes.p50_ms / submitBaseline.p50_ms),
      },
      report: {
        ...reportTimes,
        response_bytes: reportBytes,
        baseline: {
          what: `one SELECT of every assertion with its current heads, the columns the report uses (${baselineRows} rows)`,
          ...reportBaseline,
        },
        ratio_p50: round(reportTimes.p50_ms / reportBaseline.p50_ms),
      },
    };
  } catch (err) {
    console.error(`${database.kind}: ${err.stack ?? err}`);
    throw err;
  } finally {
    await app.close();
  }
}

/** Plain drops first: forcing one while a pooled connection lingers would crash the pool with 57P01. */
async function dropDatabase(admin, name) {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await admin.query(`drop database if exists ${name}`);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 300));
    }
  }
  await admin.query(`drop database if exists ${name} with (force)`);
}

const out = { iterations, target: 'p50 ratio ≤ 3' };
if (!args.includes('--no-pglite')) {
  const database = await openDatabase({ memory: true });
  try {
    out.pglite = await benchOne(database);
  } finally {
    await database.close();
  }
}
if (!args.includes('--no-postgres')) {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `assay_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${name}`;
    const database = await openDatabase({ url: dbUrl.toString() });
    try {
      out.postgres = await benchOne(database);
    } finally {
      await database.close();
      await dropDatabase(admin, name);
    }
  } catch (err) {
    out.postgres = { error: `PostgreSQL run failed: ${err.message}` };
    process.exitCode = 1;
  } finally {
    await admin.end().catch(() => {});
  }
}
console.log(JSON.stringify(out, null, 2));
