// The one redaction policy lives below every layer that shows requests (serve's journal, verify's
// reports, check-har, the proxy), in src/redact/secrets.ts; verify's modules import it from here.
export * from '../redact/secrets.js';
