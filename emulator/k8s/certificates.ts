/**
 * A certificate authority made for the test run and a server certificate it signs for 127.0.0.1 / localhost: the
 * emulated API server presents the server certificate, and clients trust the CA through `caData`, as with EKS.
 * Keys come from node:crypto (native, fast); node-forge builds and signs the X.509 certificates.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

export interface TestCertificates {
  /** PEM of the CA certificate: what DescribeCluster's `certificateAuthority.data` carries, base64-encoded. */
  readonly caPem: string;
  readonly serverCertPem: string;
  readonly serverKeyPem: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Each call makes a new CA: a second call gives a CA the first server's certificate does not chain to. */
export function issueTestCertificates(commonName = 'emulated-eks'): TestCertificates {
  const ca = newKeyPair();
  const caCert = newCertificate(ca.publicKey, `${commonName}-ca`);
  caCert.setIssuer(caCert.subject.attributes);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.privateKey, forge.md.sha256.create());

  const server = newKeyPair();
  const serverCert = newCertificate(server.publicKey, commonName);
  serverCert.setIssuer(caCert.subject.attributes);
  serverCert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  serverCert.sign(ca.privateKey, forge.md.sha256.create());

  return {
    caPem: forge.pki.certificateToPem(caCert),
    serverCertPem: forge.pki.certificateToPem(serverCert),
    serverKeyPem: server.privateKeyPem,
  };
}

function newKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return {
    publicKey: forge.pki.publicKeyFromPem(publicKey),
    privateKey: forge.pki.privateKeyFromPem(privateKey),
    privateKeyPem: privateKey,
  };
}

/** TLS checks validity against the real clock, not the emulator's injectable one: a window around today. */
function newCertificate(publicKey: forge.pki.PublicKey, commonName: string): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial: the high bit cleared so DER does not read it as negative.
  cert.serialNumber = `01${randomBytes(15).toString('hex')}`;
  cert.validity.notBefore = new Date(Date.now() - DAY_MS);
  cert.validity.notAfter = new Date(Date.now() + 7 * DAY_MS);
  cert.setSubject([{ name: 'commonName', value: commonName }]);
  return cert;
}
