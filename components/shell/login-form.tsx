"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";

export function LoginForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", { name: form.get("name"), password: form.get("password"), redirect: false });
    setPending(false);
    if (result?.ok) {
      router.replace("/");
      router.refresh();
    } else if (result?.status === 429) {
      setError("Too many failed attempts. Wait a few minutes and try again.");
    } else {
      setError("Wrong user name or password.");
    }
  }

  return (
    <form onSubmit={(e) => void onSubmit(e)} className="panel" aria-label="Sign in">
      <label>
        User name
        <input name="name" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p role="alert" className="alert error">
          {error}
        </p>
      )}
      <button type="submit" className="primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
