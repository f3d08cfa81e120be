"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { tokenScopes } from "@/lib/auth/permissions";
import { ApiError, fetchJson, type FieldIssue } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import type { CreatedTokenDto, TokenDto } from "@/lib/validations/token";
import { FieldError } from "@/components/ui/field-errors";

export function TokensAdmin() {
  const queryClient = useQueryClient();
  const tokens = useQuery({ queryKey: queryKeys.tokens(), queryFn: () => fetchJson<TokenDto[]>("/api/v1/tokens") });
  const [created, setCreated] = useState<CreatedTokenDto | null>(null);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const invalidate = () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens() });
  const create = useMutation({
    mutationFn: (body: unknown) => fetchJson<CreatedTokenDto>("/api/v1/tokens", { method: "POST", body }),
    onSuccess: (token) => {
      setCreated(token);
      setIssues([]);
      void invalidate();
    },
    onError: (error) => setIssues(error instanceof ApiError ? error.issues : [{ path: "", message: error.message }]),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => fetchJson<TokenDto>(`/api/v1/tokens/${id}`, { method: "DELETE" }),
    onSettled: invalidate,
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({ name: form.get("name"), scopes: form.getAll("scopes") });
  }

  return (
    <>
      <form onSubmit={onSubmit} className="panel" aria-label="Create a token" noValidate>
        <div className="form-row">
          <label>
            Name
            <input name="name" placeholder="prometheus-push" aria-describedby="token-name-error" />
            <FieldError issues={issues} path="name" id="token-name-error" />
          </label>
          <fieldset>
            <legend>Scopes</legend>
            {tokenScopes.map((scope) => (
              <label key={scope} style={{ display: "inline-flex", gap: 4, marginRight: 12 }}>
                <input type="checkbox" name="scopes" value={scope} /> {scope}
              </label>
            ))}
            <FieldError issues={issues} path="scopes" id="token-scopes-error" />
          </fieldset>
          <button type="submit" className="primary" disabled={create.isPending}>
            Create token
          </button>
        </div>
      </form>
      {created && (
        <div role="status" className="alert">
          <p>
            Token <strong>{created.name}</strong> created. Copy it now: it is not shown again.
          </p>
          <code data-testid="new-token">{created.secret}</code>
        </div>
      )}
      <h2>Tokens</h2>
      <table aria-label="API tokens">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Prefix</th>
            <th scope="col">Scopes</th>
            <th scope="col">Created by</th>
            <th scope="col">Last used</th>
            <th scope="col">Uses</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {tokens.data?.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td className="mono">{t.prefix}</td>
              <td>{t.scopes.join(", ")}</td>
              <td>{t.createdBy}</td>
              <td className="mono muted">{t.lastUsedAt?.slice(0, 19).replace("T", " ") ?? "never"}</td>
              <td className="num">{t.useCount}</td>
              <td>
                {t.revokedAt ? (
                  <span className="badge">revoked</span>
                ) : (
                  <button type="button" className="danger" onClick={() => revoke.mutate(t.id)}>
                    Revoke {t.name}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
