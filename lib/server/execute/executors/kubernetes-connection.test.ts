import { describe, expect, it } from "vitest";
import { inClusterConnection, kubeconfigConnection } from "./kubernetes-connection";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const config = (user: string) => `
apiVersion: v1
kind: Config
current-context: prod
contexts:
  - { name: prod, context: { cluster: c1, user: u1 } }
  - { name: other, context: { cluster: c1, user: u2 } }
clusters:
  - { name: c1, cluster: { server: "https://k8s.example:6443", certificate-authority-data: "${b64("CA PEM")}" } }
users:
  - { name: u1, user: ${user} }
  - { name: u2, user: { token-file: x, tokenFile: /t } }
`;

describe("Kubernetes connection settings", () => {
  it("reads the current context's server, CA and token from a kubeconfig", () => {
    expect(kubeconfigConnection(config("{ token: abc }"))).toEqual({
      server: "https://k8s.example:6443",
      token: "abc",
      ca: "CA PEM",
      cert: undefined,
      key: undefined,
      insecureSkipTlsVerify: undefined,
    });
    expect(
      kubeconfigConnection(
        config(`{ client-certificate-data: "${b64("CERT")}", client-key-data: "${b64("KEY")}" }`),
      ),
    ).toMatchObject({ cert: "CERT", key: "KEY" });
    expect(kubeconfigConnection(config("{ token: abc }"), "other", () => "file-token\n")).toMatchObject({
      token: "file-token",
    });
  });

  it("refuses exec plugins and unknown contexts with a clear message", () => {
    expect(() => kubeconfigConnection(config("{ exec: { command: aws } }"))).toThrow(
      /exec and auth-provider plugins are not supported/,
    );
    expect(() => kubeconfigConnection(config("{ token: abc }"), "nope")).toThrow(/no context "nope"/);
  });

  it("uses the pod's service account inside a cluster", () => {
    const files: Record<string, string> = {
      "/var/run/secrets/kubernetes.io/serviceaccount/token": "sa-token\n",
      "/var/run/secrets/kubernetes.io/serviceaccount/ca.crt": "CA",
    };
    expect(
      inClusterConnection(
        { KUBERNETES_SERVICE_HOST: "10.0.0.1", KUBERNETES_SERVICE_PORT: "443" },
        (p) => files[p]!,
      ),
    ).toEqual({ server: "https://10.0.0.1:443", token: "sa-token", ca: "CA" });
    expect(() => inClusterConnection({}, () => "")).toThrow(/not inside a Kubernetes pod/);
  });
});
