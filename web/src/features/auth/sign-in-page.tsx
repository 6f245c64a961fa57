/** The sign-in form: checks its fields before sending, shows the server's refusal in place. */
import { type FormEvent, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { Button } from '../../components/button.tsx';
import { FormError, Notice } from '../../components/feedback.tsx';
import { Field } from '../../components/field.tsx';
import { useDocumentTitle } from '../../components/use-resource.ts';
import { useSession } from './session-context.tsx';

export function SignInPage() {
  useDocumentTitle('Sign in');
  const { signIn, expired } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<{ email?: string; password?: string }>({});
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const found: typeof errors = {};
    if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) found.email = 'Enter your e-mail address, e.g. anna@example.com';
    if (password.length === 0) found.password = 'Enter your password';
    setErrors(found);
    setFailure(null);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      await signIn(email.trim(), password);
    } catch (error) {
      setFailure(
        error instanceof ApiError && error.code === 'TOO_MANY_ATTEMPTS'
          ? new ApiError(429, error.code, `${error.message}.`)
          : error,
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" id="main">
      <div className="card">
        <h1>Sign in to Covenant</h1>
        {expired && <Notice tone="warning">Your session has ended. Sign in again to continue.</Notice>}
        <FormError error={failure} />
        <form className="stack" onSubmit={submit} noValidate>
          <Field label="E-mail address" error={errors.email}>
            <input
              type="email"
              name="email"
              autoComplete="username"
              value={email}
              onChange={(event) => setEmail(event.target.value)}
              required
            />
          </Field>
          <Field label="Password" error={errors.password}>
            <input
              type="password"
              name="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              required
            />
          </Field>
          <Button type="submit" busy={busy}>
            Sign in
          </Button>
        </form>
      </div>
    </main>
  );
}
