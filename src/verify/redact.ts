// The redaction rule lives below every layer that shows requests (serve's journal, verify's
// reports, check-har), in src/redact/secrets.ts; verify's modules keep importing it from here.
export * from '../redact/secrets.js';
