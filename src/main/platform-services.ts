/** The real implementations of the security ports: argon2id password hashing and the OS random source. */
import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher, RandomSource } from '../app/ports/security.ts';
import type { Clock } from '../app/ports/store.ts';

const ARGON2ID = 2;

export const argon2idPasswords: PasswordHasher = {
  hash: (password) => hash(password, { algorithm: ARGON2ID }),
  verify: (passwordHash, password) => verify(passwordHash, password),
};

export const systemRandom: RandomSource = {
  token: (bytes) => randomBytes(bytes).toString('base64url'),
};

export const systemClock: Clock = { now: () => Date.now() };
