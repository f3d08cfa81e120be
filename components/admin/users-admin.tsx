"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { roles, type Role } from "@/lib/auth/permissions";
import { ApiError, fetchJson, type FieldIssue } from "@/lib/client/fetch-json";
import { queryKeys } from "@/lib/client/query-keys";
import { createUserSchema, type UpdateUserInput, type UserDto } from "@/lib/validations/user";
import { FieldError } from "@/components/ui/field-errors";

export function UsersAdmin({ currentUser }: { currentUser: string }) {
  const queryClient = useQueryClient();
  const users = useQuery({ queryKey: queryKeys.users(), queryFn: () => fetchJson<UserDto[]>("/api/v1/users") });
  const [rowError, setRowError] = useState<string | null>(null);
  const update = useMutation({
    mutationFn: ({ name, change }: { name: string; change: UpdateUserInput }) =>
      fetchJson<UserDto>(`/api/v1/users/${encodeURIComponent(name)}`, { method: "PATCH", body: change }),
    onSuccess: () => setRowError(null),
    onError: (error) => setRowError(error.message),
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.users() }),
  });

  return (
    <>
      <AddUserForm />
      <h2>All users</h2>
      {rowError && (
        <p role="alert" className="alert error">
          {rowError}
        </p>
      )}
      {users.isError && <p className="alert error">{users.error.message}</p>}
      <table aria-label="Users">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Status</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="skip-link">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((user) => (
            <tr key={user.id}>
              <td>{user.name}</td>
              <td>
                <select
                  aria-label={`Role of ${user.name}`}
                  value={user.role}
                  onChange={(e) => update.mutate({ name: user.name, change: { role: e.target.value as Role } })}
                >
                  {roles.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
              <td>{user.disabled ? <span className="badge">disabled</span> : "active"}</td>
              <td className="mono muted">{user.createdAt.slice(0, 16).replace("T", " ")}</td>
              <td>
                {user.name !== currentUser && (
                  <button type="button" onClick={() => update.mutate({ name: user.name, change: { disabled: !user.disabled } })}>
                    {user.disabled ? "Enable" : "Disable"} {user.name}
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

function AddUserForm() {
  const queryClient = useQueryClient();
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: (body: unknown) => fetchJson<UserDto>("/api/v1/users", { method: "POST", body }),
    onSuccess: (user) => {
      setIssues([]);
      setMessage(`Added ${user.name} as ${user.role}.`);
      void queryClient.invalidateQueries({ queryKey: queryKeys.users() });
    },
    onError: (error) => {
      setMessage(error.message);
      setIssues(error instanceof ApiError ? error.issues : []);
    },
  });

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = Object.fromEntries(new FormData(form));
    // The same schema the route uses: mistakes show before the round trip.
    const parsed = createUserSchema.safeParse(data);
    if (!parsed.success) {
      setIssues(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
      setMessage(null);
      return;
    }
    create.mutate(parsed.data, { onSuccess: () => form.reset() });
  }

  return (
    <form onSubmit={onSubmit} className="panel" aria-label="Add a user" noValidate>
      <div className="form-row">
        <label>
          User name
          <input name="name" aria-describedby="name-error" aria-invalid={issues.some((i) => i.path === "name")} />
          <FieldError issues={issues} path="name" id="name-error" />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="new-password" aria-describedby="password-error" />
          <FieldError issues={issues} path="password" id="password-error" />
        </label>
        <label>
          Role
          <select name="role" defaultValue="viewer" aria-label="Role">
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={create.isPending}>
          Add user
        </button>
      </div>
      {message && (
        <p role="status" className="muted">
          {message}
        </p>
      )}
    </form>
  );
}
