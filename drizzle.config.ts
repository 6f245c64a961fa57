// drizzle-kit generates the numbered SQL migrations in src/store/migrations from src/store/schema.ts.
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/store/schema.ts',
  out: './src/store/migrations',
  migrations: { prefix: 'index' },
});
