import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, SignJWT } from 'jose';

/** An OIDC issuer served on 127.0.0.1 that the test controls: its discovery document, its keys, its misbehaviour. */
export interface TestIssuer {
  url: string;
  /** Requests received, by path. */
  hits: string[];
  /** Tamper with what the issuer serves. */
  behaviour: {
    discoveryIssuer?: string;
    jwksUri?: string;
    jwksRedirect?: string;
    jwksPadding?: number;
  };
  /** Signs a token with the issuer's current key (or `alg` ES256 key). */
  token(
    claims: Record<string, unknown>,
    opts?: { alg?: 'RS256' | 'ES256'; kid?: string; key?: KeyObject },
  ): Promise<string>;
  /** Replaces the signing keys (a rotation): new kids, old ones gone. */
  rotate(): void;
  close(): Promise<void>;
}

interface IssuerKeys {
  rs: { privateKey: KeyObject; publicKey: KeyObject; kid: string };
  es: { privateKey: KeyObject; publicKey: KeyObject; kid: string };
}

function newKeys(): IssuerKeys {
  return {
    rs: { ...generateKeyPairSync('rsa', { modulusLength: 2048 }), kid: `rs-${randomUUID()}` },
    es: { ...generateKeyPairSync('ec', { namedCurve: 'prime256v1' }), kid: `es-${randomUUID()}` },
  };
}

export async function startTestIssuer(): Promise<TestIssuer> {
  let keys = newKeys();
  const hits: string[] = [];
  const behaviour: TestIssuer['behaviour'] = {};
  let url = '';
  const server: Server = createServer(async (req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/.well-known/openid-configuration') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({ issuer: behaviour.discoveryIssuer ?? url, jwks_uri: behaviour.jwksUri ?? `${url}/jwks` }),
      );
      return;
    }
    if (req.url === '/jwks') {
      if (behaviour.jwksRedirect) {
        res.writeHead(302, { location: behaviour.jwksRedirect });
        res.end();
        return;
      }
      const jwks = {
        keys: [
          { ...(await exportJWK(keys.rs.publicKey)), kid: keys.rs.kid, alg: 'RS256', use: 'sig' },
          { ...(await exportJWK(keys.es.publicKey)), kid: keys.es.kid, alg: 'ES256', use: 'sig' },
        ],
        ...(behaviour.jwksPadding ? { padding: 'x'.repeat(behaviour.jwksPadding) } : {}),
      };
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(jwks));
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    behaviour,
    async token(claims, opts = {}) {
      const alg = opts.alg ?? 'RS256';
      const k = alg === 'RS256' ? keys.rs : keys.es;
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ iss: url, aud: 'assay', iat: now, exp: now + 300, jti: randomUUID(), ...claims })
        .setProtectedHeader({ alg, kid: opts.kid ?? k.kid, typ: 'JWT' })
        .sign(opts.key ?? k.privateKey);
    },
    rotate() {
      keys = newKeys();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
