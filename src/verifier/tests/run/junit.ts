import { XMLParser } from 'fast-xml-parser';
import type { RunCount } from './plan.js';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  isArray: (name) => name === 'testcase' || name === 'testsuite',
});

/**
 * Counts a JUnit XML report (pytest --junitxml, PHPUnit --log-junit): every `testcase` that is not skipped ran; one
 * with a `failure` or `error` child failed.
 */
export function parseJunitXml(xml: string): RunCount | null {
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    return null;
  }
  let ran = 0;
  const failed: string[] = [];
  let sawSuite = false;
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
      if (key === 'testsuite') sawSuite = true;
      if (key === 'testcase' && Array.isArray(value)) {
        for (const testcase of value as Record<string, unknown>[]) {
          if (!testcase || typeof testcase !== 'object') continue;
          if ('skipped' in testcase) continue;
          ran++;
          if ('failure' in testcase || 'error' in testcase) {
            const cls = typeof testcase.classname === 'string' ? `${testcase.classname}::` : '';
            failed.push(`${cls}${String(testcase.name ?? '?')}`);
          }
        }
      } else if (typeof value === 'object') {
        visit(value);
      }
    }
  };
  visit(doc);
  return sawSuite ? { ran, failed } : null;
}
