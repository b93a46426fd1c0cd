import { DEFAULT_HANDLER_NAMES } from '../code/handler-entry.js';

/**
 * `settings.sls` in an ESLint config. The CLI fills `handlerNames` per file from the template's
 * Handler (`app.lambdaHandler` gives `lambdaHandler`); editors fall back to the defaults.
 */
export interface SlsSettings {
  handlerNames: string[];
}

export function readSlsSettings(settings: Readonly<Record<string, unknown>> | undefined): SlsSettings {
  const sls = settings?.['sls'];
  const raw = typeof sls === 'object' && sls !== null ? (sls as Record<string, unknown>) : {};
  const names = Array.isArray(raw['handlerNames']) ? raw['handlerNames'].filter((n): n is string => typeof n === 'string') : [];
  return { handlerNames: names.length > 0 ? names : DEFAULT_HANDLER_NAMES };
}
