import type { Declaration, Ecosystem } from './model.js';
import { composerScheme } from './versions/composer.js';
import { mavenScheme } from './versions/maven.js';
import { nugetScheme } from './versions/nuget.js';
import { pep440Scheme, poetryScheme } from './versions/pep440.js';
import { rubygemsScheme } from './versions/rubygems.js';
import type { VersionScheme } from './versions/scheme.js';
import { cargoScheme, goScheme, npmScheme } from './versions/semver-schemes.js';

// Each scheme keeps its own range type; the checker is generic over it, so the table erases it.
// biome-ignore lint/suspicious/noExplicitAny: heterogeneous table of generic schemes
type AnyScheme = VersionScheme<any>;

const SCHEMES: Record<Ecosystem, AnyScheme> = {
  npm: npmScheme,
  pypi: pep440Scheme,
  go: goScheme,
  cargo: cargoScheme,
  maven: mavenScheme,
  rubygems: rubygemsScheme,
  composer: composerScheme,
  nuget: nugetScheme,
};

/** The version semantics of a declaration: its ecosystem's, or Poetry's for Poetry tables. */
export function schemeFor(ecosystem: Ecosystem, declaration?: Declaration): AnyScheme {
  if (ecosystem === 'pypi' && declaration?.dialect === 'poetry') return poetryScheme;
  return SCHEMES[ecosystem];
}
