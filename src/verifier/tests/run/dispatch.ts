import type { LanguageId } from '../../code/parser.js';
import type { PlanInput, PlanResult } from './plan.js';
import { planCargo, planGo } from './runners-go-rust.js';
import { planJs } from './runners-js.js';
import { planDotnet, planJava } from './runners-jvm-dotnet.js';
import { planPython } from './runners-python.js';
import { planPhp, planRuby } from './runners-ruby-php.js';

/** Languages that share one runner invocation. */
export function runnerFamily(language: LanguageId): string {
  return language === 'typescript' || language === 'tsx' ? 'javascript' : language;
}

/** The runner plan for one language family of test files. */
export function planFor(family: string, input: PlanInput): Promise<PlanResult> {
  switch (family) {
    case 'python':
      return planPython(input);
    case 'javascript':
      return planJs(input);
    case 'go':
      return planGo(input);
    case 'rust':
      return planCargo(input);
    case 'java':
      return planJava(input);
    case 'csharp':
      return planDotnet(input);
    case 'ruby':
      return planRuby(input);
    default:
      return planPhp(input);
  }
}
