import path from 'node:path';
import type { FormatName, ParseOutcome } from './model.js';
import { parseEnv } from './parse-env.js';
import { parseIni } from './parse-ini.js';
import { parseJson } from './parse-json.js';
import { parseProperties } from './parse-properties.js';
import { parseToml } from './parse-toml.js';
import { parseXml } from './parse-xml.js';
import { parseYaml } from './parse-yaml.js';

const BY_EXTENSION: Record<string, FormatName> = {
  '.json': 'json',
  '.jsonc': 'json',
  '.yaml': 'yaml',
  '.yml': 'yaml',
  '.toml': 'toml',
  '.ini': 'ini',
  '.cfg': 'ini',
  '.cnf': 'ini',
  '.env': 'env',
  '.properties': 'properties',
  '.xml': 'xml',
  '.config': 'xml',
  '.csproj': 'xml',
  '.vbproj': 'xml',
  '.fsproj': 'xml',
  '.props': 'xml',
  '.targets': 'xml',
  '.nuspec': 'xml',
  '.resx': 'xml',
};

/** Well-known config files whose names carry no (or a misleading) extension. */
const BY_NAME: Record<string, FormatName> = {
  '.babelrc': 'json',
  '.jshintrc': 'json',
  '.swcrc': 'json',
  '.editorconfig': 'ini',
  '.gitconfig': 'ini',
  '.gitmodules': 'ini',
  '.flake8': 'ini',
  '.pylintrc': 'ini',
  pylintrc: 'ini',
  '.coveragerc': 'ini',
  '.npmrc': 'ini',
  '.pypirc': 'ini',
  '.flaskenv': 'env',
  'php.ini-development': 'ini',
  'php.ini-production': 'ini',
  Pipfile: 'toml',
};

/**
 * The format of a config file, by name then extension; null when unsupported. `.conf` is deliberately not mapped:
 * nginx, Apache and systemd `.conf` files are not INI, and a guess would decide claims on a misread file.
 */
export function configFormatOf(file: string): FormatName | null {
  const base = path.posix.basename(file);
  const byName = BY_NAME[base];
  if (byName) return byName;
  if (base === '.env') return 'env';
  const byExtension = BY_EXTENSION[path.posix.extname(base).toLowerCase()];
  if (byExtension) return byExtension;
  // `.env.production`, `.env.local`, `.env.example`: dotenv variants whose "extension" is the environment name.
  return base.startsWith('.env.') ? 'env' : null;
}

/** php.ini and its shipped variants and per-directory `.user.ini`: section headers do not scope directive names. */
function isPhpIni(file: string | undefined): boolean {
  if (!file) return false;
  const base = path.posix.basename(file).toLowerCase();
  return base === 'php.ini' || base.startsWith('php.ini-') || base === '.user.ini';
}

export function parseConfig(format: FormatName, raw: string, file?: string): ParseOutcome {
  // A byte-order mark is not content; dropping it changes no line number.
  const text = raw.replace(/^\uFEFF/, '');
  switch (format) {
    case 'json':
      return parseJson(text);
    case 'yaml':
      return parseYaml(text);
    case 'toml':
      return parseToml(text);
    case 'ini':
      return parseIni(text, { sectionlessKeys: isPhpIni(file) });
    case 'env':
      return parseEnv(text);
    case 'properties':
      return parseProperties(text);
    case 'xml':
      return parseXml(text);
  }
}
