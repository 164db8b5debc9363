import { randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './passwords.js';

/** Users in memory, passwords stored as scrypt hashes only. */
export function createUserStore() {
  const users = new Map();
  // unknown emails are checked against a throwaway hash, so both cases take the same time
  const decoy = hashPassword(randomBytes(16).toString('hex'));
  return {
    async add(email, password) {
      users.set(email, { email, passwordHash: await hashPassword(password) });
    },
    async authenticate(email, password) {
      const user = users.get(email);
      const ok = await verifyPassword(password, user?.passwordHash ?? (await decoy));
      return user && ok ? user : null;
    },
  };
}
