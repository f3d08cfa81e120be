import { redirect } from "next/navigation";
import { LoginForm } from "@/components/shell/login-form";
import { currentUser } from "@/lib/server/auth/current-user";

export const dynamic = "force-dynamic";

export default async function LoginPage() {
  if (await currentUser()) redirect("/");
  return (
    <main className="login">
      <h1>Sign in to Homeostat</h1>
      <LoginForm />
    </main>
  );
}
