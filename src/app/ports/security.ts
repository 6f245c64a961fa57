/** Cryptographic services the use-cases need, implemented by adapters (argon2id, the OS random source). */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export interface RandomSource {
  /** A URL-safe random string carrying `bytes` bytes of entropy. */
  token(bytes: number): string;
}
